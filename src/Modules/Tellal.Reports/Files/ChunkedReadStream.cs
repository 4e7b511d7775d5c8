using Microsoft.Extensions.DependencyInjection;

namespace Tellal.Reports.Files;

/// <summary>
/// Reads a file's chunks one row at a time as the response is sent, so a download holds one chunk in memory. Owns
/// the scope (database connection) the rows come from. Read-only, forward-only, asynchronous only: ASP.NET Core
/// copies response bodies asynchronously.
/// </summary>
internal sealed class ChunkedReadStream(AsyncServiceScope scope, IAsyncEnumerator<byte[]> chunks) : Stream
{
    private int _offset;
    private bool _finished;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (!_finished && _offset == chunks.Current.Length)
        {
            _finished = !await chunks.MoveNextAsync();
            _offset = 0;
        }

        if (_finished || buffer.Length == 0)
        {
            return 0;
        }

        var count = Math.Min(buffer.Length, chunks.Current.Length - _offset);
        chunks.Current.AsMemory(_offset, count).CopyTo(buffer);
        _offset += count;
        return count;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) =>
        throw new NotSupportedException("Report files from the database are read asynchronously.");

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override async ValueTask DisposeAsync()
    {
        await chunks.DisposeAsync();
        await scope.DisposeAsync();
        await base.DisposeAsync();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            // Only reached by a synchronous Dispose; the rows' reader closes with the scope's connection.
            ((IDisposable)scope).Dispose();
        }

        base.Dispose(disposing);
    }
}
