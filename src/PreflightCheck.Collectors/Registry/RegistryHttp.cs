using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using PreflightCheck.Collectors.Net;
using PreflightCheck.Collectors.Tls;
using PreflightCheck.Core.Collectors;
using PreflightCheck.Core.Facts;

namespace PreflightCheck.Collectors.Registry;

/// <summary>One HTTP answer, read whole up to a cap.</summary>
internal sealed record HttpAnswer(
    int Status,
    string? ContentType,
    string? DigestHeader,
    string? ApiVersion,
    string? WwwAuthenticate,
    byte[] Body,
    Uri FinalUri);

/// <summary>What the registry client makes of the certificate a server sends.</summary>
internal enum TlsTrust
{
    Trusted,
    Untrusted,
    NameMismatch,
    Expired,
}

/// <summary>Why a request did not produce an answer; its message never carries a header value.</summary>
internal sealed class RegistryRequestException(CollectionStatus status, string message, Exception? inner = null) : Exception(message, inner)
{
    public CollectionStatus Status { get; } = status;

    public bool TlsFailure { get; init; }
}

/// <summary>
/// The registry client: one pooled handler per run (connections are reused across requests), manual redirects,
/// size caps, per-request timeouts, and an Authorization header that only ever goes to the host it was made for, over HTTPS.
/// </summary>
internal sealed class RegistryHttp : IDisposable
{
    public const int ManifestCap = 4 * 1024 * 1024;
    private const int MaxRedirects = 5;

    private readonly Dialer _dialer;
    private readonly HttpClient _client;
    private readonly X509Certificate2Collection _trusted;

    public RegistryHttp(Dialer dialer)
    {
        _dialer = dialer;
        _trusted = TrustedRoots(dialer.Context);
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            UseProxy = false,
            AutomaticDecompression = DecompressionMethods.None,
            ConnectTimeout = dialer.Context.Timeout,
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
            MaxConnectionsPerServer = 4,
            ConnectCallback = async (ctx, ct) =>
            {
                var socket = await _dialer.ConnectAsync(ctx.DnsEndPoint.Host, ctx.DnsEndPoint.Port, ct).ConfigureAwait(false);
                return new NetworkStream(socket, ownsSocket: true);
            },
            SslOptions = new SslClientAuthenticationOptions
            {
                CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
                RemoteCertificateValidationCallback = (_, certificate, chain, errors) =>
                    certificate is not null && Judge(certificate, chain?.ChainPolicy.ExtraStore, errors) == TlsTrust.Trusted,
            },
        };
        _client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        _client.DefaultRequestHeaders.UserAgent.ParseAdd("preflight/0.1");
    }

    /// <summary>
    /// What this client trusts: the public set in force (shipped, or --public-roots) plus --registry-ca, and never the
    /// machine's store, so a root installed on the machine running the check cannot make a registry look reachable.
    /// </summary>
    internal static X509Certificate2Collection TrustedRoots(CollectorContext context)
    {
        var roots = new X509Certificate2Collection(PublicRoots.Load(context.PublicRootsFile).Roots);
        if (context.RegistryTrustRootsFile is { } file)
        {
            roots.AddRange(PublicRoots.ReadPem(file, "--registry-ca"));
        }

        return roots;
    }

    private TlsTrust Judge(X509Certificate certificate, X509Certificate2Collection? sent, SslPolicyErrors errors)
    {
        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
        {
            return TlsTrust.NameMismatch;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(_trusted);
        if (sent is not null)
        {
            chain.ChainPolicy.ExtraStore.AddRange(sent);
        }

        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.DisableCertificateDownloads = true;
        using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        if (chain.Build(leaf))
        {
            return TlsTrust.Trusted;
        }

        return chain.ChainStatus.All(s => s.Status is X509ChainStatusFlags.NotTimeValid or X509ChainStatusFlags.NotTimeNested) ? TlsTrust.Expired : TlsTrust.Untrusted;
    }

    /// <summary>
    /// After a failed HTTPS request: one handshake that accepts any certificate, to tell a port that does not speak TLS
    /// at all (null: no certificate came back) from one whose certificate this client does not trust.
    /// </summary>
    public async Task<TlsTrust?> HandshakeAsync(string host, int port, CancellationToken ct)
    {
        TlsTrust? seen = null;
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(_dialer.Context.Timeout);
        try
        {
            using var socket = await _dialer.ConnectAsync(host, port, cts.Token).ConfigureAwait(false);
            await using var ssl = new SslStream(new NetworkStream(socket, ownsSocket: false), leaveInnerStreamOpen: false);
            await ssl.AuthenticateAsClientAsync(
                new SslClientAuthenticationOptions
                {
                    TargetHost = host,
                    CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
                    RemoteCertificateValidationCallback = (_, certificate, chain, errors) =>
                    {
                        seen = certificate is null ? TlsTrust.Untrusted : Judge(certificate, chain?.ChainPolicy.ExtraStore, errors);
                        return true;
                    },
                },
                cts.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is AuthenticationException or IOException or SocketException or TimeoutException or HostUnresolvedException
                                       || (ex is OperationCanceledException && !ct.IsCancellationRequested))
        {
            // Whatever happened after the certificate arrived, the port speaks TLS; before it, it does not.
        }

        return seen;
    }

    /// <summary>
    /// Sends a request and follows redirects by hand. <paramref name="authorization"/> is attached only to
    /// HTTPS requests to the origin's host and port; a redirect elsewhere goes without it.
    /// </summary>
    public async Task<HttpAnswer> SendAsync(
        HttpMethod method,
        Uri uri,
        AuthenticationHeaderValue? authorization,
        IReadOnlyList<string>? accept,
        int cap,
        CancellationToken ct)
    {
        var origin = uri;
        var retried = false;
        for (var hop = 0; ; hop++)
        {
            using var request = new HttpRequestMessage(method, uri);
            if (accept is not null)
            {
                foreach (var type in accept)
                {
                    request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(type));
                }
            }

            if (authorization is not null && SameOrigin(origin, uri) && uri.Scheme == Uri.UriSchemeHttps)
            {
                request.Headers.Authorization = authorization;
            }

            using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
            cts.CancelAfter(_dialer.Context.Timeout);
            _dialer.Context.Counters?.Request(method.Method, uri.Host);
            HttpResponseMessage response;
            try
            {
                response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cts.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (!retried && IsResetOfIdempotent(ex, method) && !ct.IsCancellationRequested)
            {
                retried = true;
                hop--;
                continue;
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                throw Map(ex, method, uri, ct);
            }

            using (response)
            {
                var status = (int)response.StatusCode;
                if (status is 301 or 302 or 303 or 307 or 308 && response.Headers.Location is { } location)
                {
                    if (hop >= MaxRedirects)
                    {
                        throw new RegistryRequestException(CollectionStatus.Invalid, $"{method} {Describe(origin)}: more than {MaxRedirects} redirects");
                    }

                    uri = location.IsAbsoluteUri ? location : new Uri(uri, location);
                    if (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)
                    {
                        throw new RegistryRequestException(CollectionStatus.Invalid, $"{method} {Describe(origin)}: redirect to an unsupported scheme");
                    }

                    if (status == 303)
                    {
                        method = HttpMethod.Get;
                    }

                    continue;
                }

                byte[] body;
                try
                {
                    body = method == HttpMethod.Head ? [] : await ReadCappedAsync(response, cap, cts.Token).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
                {
                    throw ex is RegistryRequestException ? ex : Map(ex, method, uri, ct);
                }

                return new HttpAnswer(
                    status,
                    response.Content.Headers.ContentType?.ToString(),
                    First(response, "Docker-Content-Digest"),
                    First(response, "Docker-Distribution-API-Version"),
                    First(response, "WWW-Authenticate"),
                    body,
                    uri);
            }
        }
    }

    /// <summary>A GET or HEAD whose connection the peer reset (or closed before answering): safe to send once more.</summary>
    private static bool IsResetOfIdempotent(Exception ex, HttpMethod method)
    {
        if (method != HttpMethod.Get && method != HttpMethod.Head)
        {
            return false;
        }

        for (var inner = ex; inner is not null; inner = inner.InnerException)
        {
            if (inner is SocketException { SocketErrorCode: SocketError.ConnectionReset or SocketError.ConnectionAborted }
                or HttpRequestException { HttpRequestError: HttpRequestError.ResponseEnded })
            {
                return true;
            }
        }

        return false;
    }

    private static string? First(HttpResponseMessage response, string name) =>
        response.Headers.NonValidated.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    private static bool SameOrigin(Uri a, Uri b) =>
        string.Equals(a.Host, b.Host, StringComparison.OrdinalIgnoreCase) && a.Port == b.Port && a.Scheme == b.Scheme;

    private static async Task<byte[]> ReadCappedAsync(HttpResponseMessage response, int cap, CancellationToken ct)
    {
        if (response.Content.Headers.ContentLength is { } length && length > cap)
        {
            throw new RegistryRequestException(CollectionStatus.Invalid, $"the response is {length} bytes, more than the {cap}-byte limit");
        }

        await using var stream = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
        using var buffer = new MemoryStream();
        var chunk = new byte[16384];
        while (true)
        {
            var read = await stream.ReadAsync(chunk, ct).ConfigureAwait(false);
            if (read == 0)
            {
                return buffer.ToArray();
            }

            if (buffer.Length + read > cap)
            {
                throw new RegistryRequestException(CollectionStatus.Invalid, $"the response is longer than the {cap}-byte limit");
            }

            buffer.Write(chunk, 0, read);
        }
    }

    private RegistryRequestException Map(Exception ex, HttpMethod method, Uri uri, CancellationToken outer)
    {
        var what = $"{method} {Describe(uri)}";
        if (ex is OperationCanceledException)
        {
            return new RegistryRequestException(CollectionStatus.Timeout, $"{what}: no complete answer within {_dialer.Context.Timeout.TotalSeconds:0.#} s", null);
        }

        for (var inner = ex; inner is not null; inner = inner.InnerException)
        {
            switch (inner)
            {
                case HostUnresolvedException unresolved:
                    return new RegistryRequestException(unresolved.Resolution.Status == CollectionStatus.Ok ? CollectionStatus.Unreachable : unresolved.Resolution.Status, $"{what}: {unresolved.Message}");
                case TimeoutException timeout:
                    return new RegistryRequestException(CollectionStatus.Timeout, $"{what}: {timeout.Message}");
                case AuthenticationException auth:
                    return new RegistryRequestException(CollectionStatus.Invalid, $"{what}: TLS handshake failed ({auth.Message}; see the TLS rules)") { TlsFailure = true };
                case SocketException socket:
                    return new RegistryRequestException(CollectionStatus.Unreachable, $"{what}: {socket.SocketErrorCode}");
            }
        }

        return new RegistryRequestException(CollectionStatus.Unreachable, $"{what}: {ex.GetType().Name}: {ex.Message}");
    }

    private static string Describe(Uri uri) => uri.GetLeftPart(UriPartial.Path);

    public void Dispose() => _client.Dispose();
}
