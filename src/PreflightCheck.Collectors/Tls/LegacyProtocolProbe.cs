using System.Buffers.Binary;
using System.Net.Sockets;
using System.Text;
using PreflightCheck.Core.Facts;

namespace PreflightCheck.Collectors.Tls;

/// <summary>
/// Asks a server whether it would accept TLS 1.0 or 1.1 by sending a hand-built ClientHello offering only that
/// version, and reading the first record back: a ServerHello at that version is acceptance, an alert or a closed
/// connection is refusal. The local TLS library is not involved, so its own policy (OpenSSL 3 will not offer
/// these versions) does not turn into a false "refused".
/// </summary>
internal static class LegacyProtocolProbe
{
    // RSA and ECDHE suites with CBC and SHA-1 MACs: what TLS 1.0/1.1 servers speak.
    private static readonly ushort[] Suites = [0xC013, 0xC014, 0xC009, 0xC00A, 0x002F, 0x0035, 0x000A, 0x0033, 0x0039];

    public static async Task<LegacyProtocolResult> ProbeAsync(Func<CancellationToken, Task<Socket>> connect, string host, byte minor, TimeSpan timeout, CancellationToken ct)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(timeout);
        try
        {
            using var socket = await connect(cts.Token).ConfigureAwait(false);
            await using var stream = new NetworkStream(socket, ownsSocket: false);
            await stream.WriteAsync(ClientHello(host, minor), cts.Token).ConfigureAwait(false);
            var header = new byte[5];
            var read = await ReadAtLeastAsync(stream, header, cts.Token).ConfigureAwait(false);
            if (read < 5)
            {
                return LegacyProtocolResult.Refused;
            }

            if (header[0] == 0x15)
            {
                return LegacyProtocolResult.Refused;
            }

            if (header[0] != 0x16)
            {
                return LegacyProtocolResult.CouldNotTest;
            }

            var body = new byte[6];
            read = await ReadAtLeastAsync(stream, body, cts.Token).ConfigureAwait(false);
            if (read < 6 || body[0] != 0x02)
            {
                return LegacyProtocolResult.CouldNotTest;
            }

            return body[4] == 3 && body[5] == minor ? LegacyProtocolResult.Accepted : LegacyProtocolResult.Refused;
        }
        catch (SocketException ex) when (ex.SocketErrorCode is SocketError.ConnectionReset)
        {
            return LegacyProtocolResult.Refused;
        }
        catch (IOException ex) when (ex.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionReset })
        {
            return LegacyProtocolResult.Refused;
        }
        catch (Exception ex) when (ex is SocketException or IOException or TimeoutException || (ex is OperationCanceledException && !ct.IsCancellationRequested))
        {
            return LegacyProtocolResult.CouldNotTest;
        }
    }

    private static async Task<int> ReadAtLeastAsync(NetworkStream stream, byte[] buffer, CancellationToken ct)
    {
        var total = 0;
        while (total < buffer.Length)
        {
            var n = await stream.ReadAsync(buffer.AsMemory(total), ct).ConfigureAwait(false);
            if (n == 0)
            {
                break;
            }

            total += n;
        }

        return total;
    }

    internal static byte[] ClientHello(string host, byte minor)
    {
        var hello = new List<byte> { 3, minor };
        hello.AddRange(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        hello.Add(0);
        Add16(hello, Suites.Length * 2);
        foreach (var s in Suites)
        {
            Add16(hello, s);
        }

        hello.Add(1);
        hello.Add(0);

        var extensions = new List<byte>();
        if (!System.Net.IPAddress.TryParse(host, out _))
        {
            var name = Encoding.ASCII.GetBytes(host);
            Add16(extensions, 0x0000);
            Add16(extensions, name.Length + 5);
            Add16(extensions, name.Length + 3);
            extensions.Add(0);
            Add16(extensions, name.Length);
            extensions.AddRange(name);
        }

        Add16(extensions, 0x000A);
        Add16(extensions, 8);
        Add16(extensions, 6);
        Add16(extensions, 0x001D);
        Add16(extensions, 0x0017);
        Add16(extensions, 0x0018);
        Add16(extensions, 0x000B);
        Add16(extensions, 2);
        extensions.Add(1);
        extensions.Add(0);
        Add16(extensions, 0xFF01);
        Add16(extensions, 1);
        extensions.Add(0);

        Add16(hello, extensions.Count);
        hello.AddRange(extensions);

        var handshake = new List<byte> { 1, (byte)(hello.Count >> 16), (byte)(hello.Count >> 8), (byte)hello.Count };
        handshake.AddRange(hello);
        var record = new List<byte> { 0x16, 3, 1 };
        Add16(record, handshake.Count);
        record.AddRange(handshake);
        return record.ToArray();
    }

    private static void Add16(List<byte> list, int value)
    {
        Span<byte> b = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(b, (ushort)value);
        list.Add(b[0]);
        list.Add(b[1]);
    }
}
