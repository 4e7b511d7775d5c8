using Tellal.Platform.Storage;

namespace Tellal.Messaging.Tests.Conformance;

/// <summary>The embedded default: the Local transport in a SQLite file shared by the nodes of the test.</summary>
public sealed class LocalTransportOnSqliteTests : TransportConformanceTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}
