using System.Net.Http.Headers;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;

namespace PreflightCheck.IntegrationTests.Infrastructure;

/// <summary>What a test client saw during the TLS handshake.</summary>
internal sealed class TlsObservation
{
    private readonly object _gate = new();

    public SslPolicyErrors PolicyErrors { get; private set; }

    public X509ChainStatusFlags ChainStatus { get; private set; }

    public bool Trusted { get; private set; }

    public string? LeafSubject { get; private set; }

    /// <summary>Subjects of the certificates the server actually sent, leaf first.</summary>
    public IReadOnlyList<string> SentChain { get; private set; } = [];

    public int Handshakes { get; private set; }

    internal void Record(SslPolicyErrors errors, X509ChainStatusFlags status, bool trusted, string? leaf, IReadOnlyList<string> sent)
    {
        lock (_gate)
        {
            PolicyErrors = errors;
            ChainStatus = status;
            Trusted = trusted;
            LeafSubject = leaf;
            SentChain = sent;
            Handshakes++;
        }
    }
}

/// <summary>HttpClients for tests: trust only a given test root (no machine roots, no AIA downloads), loopback only, bounded timeouts.</summary>
internal static class TestHttp
{
    public static HttpClient Create(string? trustedRootPath, TlsObservation? observation = null, TimeSpan? timeout = null)
    {
        var root = trustedRootPath is null ? null : X509CertificateLoader.LoadCertificateFromFile(trustedRootPath);
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = TimeSpan.FromSeconds(5),
            AllowAutoRedirect = false,
            UseProxy = false,
            ConnectCallback = async (context, ct) =>
            {
                var ep = context.DnsEndPoint;
                if (!System.Net.IPAddress.TryParse(ep.Host, out var ip) || !System.Net.IPAddress.IsLoopback(ip))
                {
                    throw new HttpRequestException($"Test clients only dial loopback literals, not {ep.Host}.");
                }

                var socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    await socket.ConnectAsync(new System.Net.IPEndPoint(ip, ep.Port), ct).ConfigureAwait(false);
                    return new System.Net.Sockets.NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, certificate, chain, errors) =>
                    Validate(root, certificate as X509Certificate2, chain, errors, observation),
            },
        };
        return new HttpClient(handler, disposeHandler: true) { Timeout = timeout ?? TimeSpan.FromSeconds(15) };
    }

    /// <summary>Fetches a token from the token server the way a registry client would.</summary>
    public static async Task<string> GetTokenAsync(TokenServer server, string? scope, string? username = null, string? password = null)
    {
        using var client = Create(server.RootCaPath);
        var uri = $"{server.Realm}?service={Uri.EscapeDataString(server.Service)}" + (scope is null ? string.Empty : "&scope=" + Uri.EscapeDataString(scope));
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        request.Headers.Authorization = Basic(username ?? server.Username, password ?? server.Password);
        using var response = await client.SendAsync(request).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync().ConfigureAwait(false));
        var root = doc.RootElement;
        return (root.TryGetProperty("token", out var t) ? t.GetString() : root.GetProperty("access_token").GetString())!;
    }

    public static AuthenticationHeaderValue Basic(string username, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(username + ":" + password)));

    private static bool Validate(X509Certificate2? root, X509Certificate2? leaf, X509Chain? sentChain, SslPolicyErrors errors, TlsObservation? observation)
    {
        if (leaf is null)
        {
            observation?.Record(errors, X509ChainStatusFlags.NoError, false, null, []);
            return false;
        }

        var sent = new List<string>();
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.DisableCertificateDownloads = true;
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (root is not null)
        {
            chain.ChainPolicy.CustomTrustStore.Add(root);
        }

        if (sentChain is not null)
        {
            // The runtime places every certificate the server sent (leaf included) in the ExtraStore of the chain it hands us.
            foreach (var extra in sentChain.ChainPolicy.ExtraStore)
            {
                sent.Add(extra.Subject);
                chain.ChainPolicy.ExtraStore.Add(extra);
            }
        }

        if (!sent.Contains(leaf.Subject))
        {
            sent.Insert(0, leaf.Subject);
        }

        var built = root is not null && chain.Build(leaf);
        var status = chain.ChainStatus.Aggregate(X509ChainStatusFlags.NoError, (acc, s) => acc | s.Status);
        var nameOk = (errors & SslPolicyErrors.RemoteCertificateNameMismatch) == 0;
        var trusted = built && nameOk;
        observation?.Record(errors, status, trusted, leaf.Subject, sent);
        return trusted;
    }
}
