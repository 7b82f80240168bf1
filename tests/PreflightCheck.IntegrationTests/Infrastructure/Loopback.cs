using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;

namespace PreflightCheck.IntegrationTests.Infrastructure;

/// <summary>Loopback addresses and ports for test servers. Tests never dial outside 127.0.0.0/8.</summary>
internal static class Loopback
{
    /// <summary>A random address in 127.20.0.0–127.99.255.254, so parallel servers rarely share an address and SANs differ per server.</summary>
    public static IPAddress RandomAddress() =>
        new([127, (byte)RandomNumberGenerator.GetInt32(20, 100), (byte)RandomNumberGenerator.GetInt32(0, 256), (byte)RandomNumberGenerator.GetInt32(1, 255)]);

    public static bool IsLoopback(IPAddress address) => IPAddress.IsLoopback(address);

    /// <summary>Asks the kernel for a free port on the address; the caller must retry if another process grabs it first.</summary>
    public static int FreePort(IPAddress address)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(address, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }

    /// <summary>Polls until a TCP connect succeeds, the deadline passes, or <paramref name="giveUp"/> says the server died.</summary>
    public static async Task<bool> WaitForPortAsync(IPEndPoint endpoint, TimeSpan timeout, Func<bool>? giveUp = null)
    {
        if (!IsLoopback(endpoint.Address))
        {
            throw new ArgumentException("Only loopback endpoints may be probed.", nameof(endpoint));
        }

        var sw = Stopwatch.StartNew();
        while (sw.Elapsed < timeout)
        {
            if (giveUp?.Invoke() == true)
            {
                return false;
            }

            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            using var attempt = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));
            try
            {
                await socket.ConnectAsync(endpoint, attempt.Token).ConfigureAwait(false);
                return true;
            }
            catch (SocketException)
            {
            }
            catch (OperationCanceledException)
            {
            }

            await Task.Delay(15).ConfigureAwait(false);
        }

        return false;
    }
}
