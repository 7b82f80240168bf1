using System.Net;
using System.Net.Sockets;

namespace PreflightCheck.IntegrationTests.Infrastructure;

/// <summary>
/// A loopback TCP relay in front of a real server: the first <c>resets</c> connections are accepted and then reset
/// (RST, as a load balancer or a restarting server does), every later one is relayed byte for byte, TLS included.
/// </summary>
internal sealed class ResetOnceProxy : IAsyncDisposable
{
    private static readonly TimeSpan IdleLimit = TimeSpan.FromSeconds(20);

    private readonly TcpListener _listener;
    private readonly IPEndPoint _upstream;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private int _toReset;
    private int _accepted;
    private int _reset;

    private ResetOnceProxy(IPAddress address, IPEndPoint upstream, int resets)
    {
        if (!Loopback.IsLoopback(address) || !Loopback.IsLoopback(upstream.Address))
        {
            throw new ArgumentException("The proxy relays between loopback addresses only.");
        }

        _upstream = upstream;
        _toReset = resets;
        _listener = new TcpListener(address, 0);
        _listener.Start();
        _accepting = AcceptAsync();
    }

    /// <summary>Listens on <paramref name="address"/> (the upstream's own address by default, so its certificate still names it).</summary>
    public static ResetOnceProxy Start(IPEndPoint upstream, IPAddress? address = null, int resets = 1) => new(address ?? upstream.Address, upstream, resets);

    public IPEndPoint EndPoint => (IPEndPoint)_listener.LocalEndpoint;

    public string HostPort => $"{EndPoint.Address}:{EndPoint.Port}";

    public int Accepted => Volatile.Read(ref _accepted);

    public int Reset => Volatile.Read(ref _reset);

    /// <summary>Resets the next <paramref name="count"/> connections (after a setup step that must get through).</summary>
    public void ResetNext(int count) => Volatile.Write(ref _toReset, count);

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptSocketAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }

            Interlocked.Increment(ref _accepted);
            if (Interlocked.Decrement(ref _toReset) >= 0)
            {
                // Linger 0: close sends RST instead of FIN.
                client.LingerState = new LingerOption(true, 0);
                client.Close();
                Interlocked.Increment(ref _reset);
                continue;
            }

            _ = RelayAsync(client);
        }
    }

    private async Task RelayAsync(Socket client)
    {
        using var upstream = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        using (client)
        using (var cts = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token))
        {
            cts.CancelAfter(IdleLimit);
            try
            {
                await upstream.ConnectAsync(_upstream, cts.Token).ConfigureAwait(false);
            }
            catch (Exception)
            {
                return;
            }

            await using var a = new NetworkStream(client, ownsSocket: false);
            await using var b = new NetworkStream(upstream, ownsSocket: false);
            var up = a.CopyToAsync(b, cts.Token);
            var down = b.CopyToAsync(a, cts.Token);
            await Task.WhenAny(up, down).ConfigureAwait(false);
            await cts.CancelAsync().ConfigureAwait(false);
            try
            {
                await Task.WhenAll(up, down).ConfigureAwait(false);
            }
            catch (Exception)
            {
                // A relay ends when either side goes away or the idle limit passes.
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _listener.Stop();
        try
        {
            await _accepting.ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Stopping the listener ends the accept loop; how it ends does not matter.
        }

        _stop.Dispose();
    }
}
