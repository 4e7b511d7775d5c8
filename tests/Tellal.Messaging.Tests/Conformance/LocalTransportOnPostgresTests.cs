using Tellal.Platform.Storage;

namespace Tellal.Messaging.Tests.Conformance;

/// <summary>The Local transport on PostgreSQL: the same queue table, claimed with FOR UPDATE SKIP LOCKED.</summary>
public sealed class LocalTransportOnPostgresTests : TransportConformanceTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Postgres;
}
