using System.Net;
using System.Net.Sockets;

namespace Tellal.Testing;

/// <summary>
/// A loopback port that, once started, relays every connection to a real server. A node pointed at it sees that
/// server "come up" at <see cref="StartAsync"/> without the shared server being stopped under other tests.
/// </summary>
public sealed class TcpForwarder(int port, string targetHost, int targetPort) : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private TcpListener? _listener;
    private Task _accepting = Task.CompletedTask;

    public int Port { get; } = port;

    public void Start()
    {
        _listener = new TcpListener(IPAddress.Loopback, Port);
        _listener.Start();
        _accepting = AcceptAsync(_listener, _stop.Token);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener?.Stop();
        await _accepting;
        _stop.Dispose();
    }

    private async Task AcceptAsync(TcpListener listener, CancellationToken stop)
    {
        var connections = new List<Task>();
        try
        {
            while (true)
            {
                var client = await listener.AcceptTcpClientAsync(stop);
                connections.Add(RelayAsync(client, stop));
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // stopped
        }

        await Task.WhenAll(connections);
    }

    private async Task RelayAsync(TcpClient client, CancellationToken stop)
    {
        using (client)
        using (var server = new TcpClient())
        {
            try
            {
                await server.ConnectAsync(targetHost, targetPort, stop);
                var one = client.GetStream().CopyToAsync(server.GetStream(), stop);
                var other = server.GetStream().CopyToAsync(client.GetStream(), stop);
                await Task.WhenAny(one, other);
            }
            catch (Exception exception) when (exception is OperationCanceledException or IOException or SocketException)
            {
                // one side closed, or the forwarder stopped: both sockets close here
            }
        }
    }
}
