using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using PreflightCheck.Collectors.Net;
using PreflightCheck.Core;
using PreflightCheck.Core.Collectors;
using PreflightCheck.Core.Facts;
using PreflightCheck.Core.Rules;

namespace PreflightCheck.Collectors.Tls;

/// <summary>
/// Handshakes with every HTTPS endpoint involved (each registry and each token realm the registry collector found)
/// and records what the server sent, exactly; judges trust against the public root set only.
/// Runs after the registry collector, whose facts name the endpoints.
/// </summary>
internal sealed class TlsCollector : ICollector<TlsSection>
{
    public string Name => CollectorNames.Tls;

    public async Task<TlsSection> CollectAsync(FactsSnapshot facts, CollectorContext ctx, CancellationToken ct)
    {
        var endpoints = new List<(string Host, int Port, TlsEndpointRole Role)>();
        foreach (var registry in facts.Registries.Where(r => r.Host.Length > 0 && r.Resolution.Status == CollectionStatus.Ok))
        {
            endpoints.Add((registry.Host, registry.Port, TlsEndpointRole.Registry));
        }

        foreach (var realm in facts.Registries.SelectMany(r => r.Images).Select(i => i.Auth.TokenRealm).OfType<TokenRealmFacts>()
                     .Where(t => t.IsHttps && !t.IsLinkLocalOrMetadata && t.Status != CollectionStatus.NotFound && t.Host.Length > 0))
        {
            if (!endpoints.Any(e => string.Equals(e.Host, realm.Host, StringComparison.OrdinalIgnoreCase) && e.Port == realm.Port))
            {
                endpoints.Add((realm.Host.ToLowerInvariant(), realm.Port, TlsEndpointRole.TokenRealm));
            }
        }

        // Only the chain verdict (PFC-TLS-002, PFC-TLS-003) needs the root set; without one every other TLS fact is still collected.
        PublicRootSet? roots = null;
        string? rootsFailure = null;
        try
        {
            roots = PublicRoots.Load(ctx.PublicRootsFile);
        }
        catch (InputException ex)
        {
            rootsFailure = $"the public root set could not be read: {ex.OneLine()["error: ".Length..]}";
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        if (ctx.Deadline is { } at)
        {
            var left = at - ctx.Time.GetUtcNow();
            deadline.CancelAfter(left > TimeSpan.Zero ? left : TimeSpan.Zero);
        }

        var dialer = new Dialer(ctx, facts.Registries.Select(r => r.Host).ToArray());
        try
        {
            var results = await Task.WhenAll(endpoints.Select(e => EndpointAsync(dialer, e.Host, e.Port, e.Role, roots, rootsFailure, deadline.Token))).ConfigureAwait(false);
            return new TlsSection(new CollectorRun(Name, CollectionStatus.Ok, $"{results.Length} endpoint(s)"), results);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return new TlsSection(new CollectorRun(Name, CollectionStatus.Timeout, "the overall deadline passed before the TLS checks finished"), null);
        }
    }

    private static async Task<TlsEndpointFacts> EndpointAsync(Dialer dialer, string host, int port, TlsEndpointRole role, PublicRootSet? roots, string? rootsFailure, CancellationToken ct)
    {
        var ctx = dialer.Context;
        var tls10 = LegacyProtocolProbe.ProbeAsync(t => dialer.ConnectAsync(host, port, t), host, 1, ctx.Timeout, ct);
        var tls11 = LegacyProtocolProbe.ProbeAsync(t => dialer.ConnectAsync(host, port, t), host, 2, ctx.Timeout, ct);
        var sent = new List<X509Certificate2>();
        try
        {
            using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
            cts.CancelAfter(ctx.Timeout);
            using var socket = await dialer.ConnectAsync(host, port, cts.Token).ConfigureAwait(false);
            await using var ssl = new SslStream(new NetworkStream(socket, ownsSocket: false), leaveInnerStreamOpen: false);
            var options = new SslClientAuthenticationOptions
            {
                TargetHost = host,
                CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
                RemoteCertificateValidationCallback = (_, certificate, chain, _) =>
                {
                    // Record, never judge here: the verdict below uses the public set only.
                    if (certificate is not null)
                    {
                        sent.Add(X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()));
                    }

                    if (chain is not null)
                    {
                        foreach (var c in chain.ChainPolicy.ExtraStore)
                        {
                            if (!sent.Any(s => s.RawDataMemory.Span.SequenceEqual(c.RawDataMemory.Span)))
                            {
                                sent.Add(X509CertificateLoader.LoadCertificate(c.RawData));
                            }
                        }
                    }

                    return true;
                },
            };
            try
            {
                await ssl.AuthenticateAsClientAsync(options, cts.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is AuthenticationException or IOException)
            {
                var plain = await SpeaksPlainHttpAsync(dialer, host, port, ct).ConfigureAwait(false);
                return Failed(host, port, role, plain ? CollectionStatus.Ok : CollectionStatus.Invalid, plain ? false : null,
                    plain ? "the port answers plain HTTP" : $"the TLS handshake failed: {ex.Message}", await tls10.ConfigureAwait(false), await tls11.ConfigureAwait(false));
            }

            var chainFacts = sent.Select(Describe).ToArray();
            var verdict = roots is null ? null : Judge(sent, (roots.Roots, roots.Name), ctx.Time.GetUtcNow());
            return new TlsEndpointFacts(
                host, port, role, CollectionStatus.Ok, true, ssl.SslProtocol.ToString(), ssl.NegotiatedCipherSuite.ToString(),
                await tls10.ConfigureAwait(false), await tls11.ConfigureAwait(false), chainFacts, verdict, rootsFailure);
        }
        catch (HostUnresolvedException ex)
        {
            return Failed(host, port, role, ex.Resolution.Status, null, ex.Message, LegacyProtocolResult.CouldNotTest, LegacyProtocolResult.CouldNotTest);
        }
        catch (TimeoutException ex)
        {
            return Failed(host, port, role, CollectionStatus.Timeout, null, ex.Message, await tls10.ConfigureAwait(false), await tls11.ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return Failed(host, port, role, CollectionStatus.Timeout, null, $"no TLS handshake within {ctx.Timeout.TotalSeconds:0.#} s", await tls10.ConfigureAwait(false), await tls11.ConfigureAwait(false));
        }
        catch (SocketException ex)
        {
            return Failed(host, port, role, CollectionStatus.Unreachable, null, $"connecting failed: {ex.SocketErrorCode}", await tls10.ConfigureAwait(false), await tls11.ConfigureAwait(false));
        }
        finally
        {
            foreach (var c in sent)
            {
                c.Dispose();
            }
        }
    }

    private static TlsEndpointFacts Failed(string host, int port, TlsEndpointRole role, CollectionStatus status, bool? speaksTls, string message, LegacyProtocolResult tls10, LegacyProtocolResult tls11) =>
        new(host, port, role, status, speaksTls, null, null, speaksTls == false ? LegacyProtocolResult.Refused : tls10, speaksTls == false ? LegacyProtocolResult.Refused : tls11, [], null, message);

    private static async Task<bool> SpeaksPlainHttpAsync(Dialer dialer, string host, int port, CancellationToken ct)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(dialer.Context.Timeout);
        try
        {
            using var socket = await dialer.ConnectAsync(host, port, cts.Token).ConfigureAwait(false);
            await using var stream = new NetworkStream(socket, ownsSocket: false);
            await stream.WriteAsync(Encoding.ASCII.GetBytes($"GET /v2/ HTTP/1.0\r\nHost: {host}:{port}\r\n\r\n"), cts.Token).ConfigureAwait(false);
            var buffer = new byte[5];
            var read = 0;
            while (read < 5)
            {
                var n = await stream.ReadAsync(buffer.AsMemory(read), cts.Token).ConfigureAwait(false);
                if (n == 0)
                {
                    break;
                }

                read += n;
            }

            return read == 5 && Encoding.ASCII.GetString(buffer) == "HTTP/";
        }
        catch (Exception ex) when (ex is SocketException or IOException or TimeoutException or HostUnresolvedException || (ex is OperationCanceledException && !ct.IsCancellationRequested))
        {
            return false;
        }
    }

    internal static TlsChainVerdict Judge(IReadOnlyList<X509Certificate2> sent, (X509Certificate2Collection Roots, string Name) roots, DateTimeOffset now)
    {
        if (sent.Count == 0)
        {
            return new TlsChainVerdict(false, ["NoCertificate"], null, null, roots.Name);
        }

        var leaf = sent[0];
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(roots.Roots);
        chain.ChainPolicy.ExtraStore.AddRange(sent.Skip(1).ToArray());
        chain.ChainPolicy.DisableCertificateDownloads = true;
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = now.UtcDateTime;
        // Validity in time is PFC-TLS-005's question; this verdict is about trust alone.
        chain.ChainPolicy.VerificationFlags = X509VerificationFlags.IgnoreNotTimeValid | X509VerificationFlags.IgnoreCtlNotTimeValid;
        var trusted = chain.Build(leaf);
        var flags = chain.ChainStatus.Select(s => s.Status.ToString()).Distinct().Order(StringComparer.Ordinal).ToArray();
        var root = trusted && chain.ChainElements.Count > 0 ? chain.ChainElements[^1].Certificate.Subject : null;

        // Completeness from what was sent: walk issuers among the sent certificates, then ask whether the top is a root or issued by one.
        var path = new List<X509Certificate2> { leaf };
        var current = leaf;
        while (!SelfSigned(current))
        {
            var issuer = sent.FirstOrDefault(c => !path.Contains(c) && IssuedBy(current, c));
            if (issuer is null)
            {
                break;
            }

            path.Add(issuer);
            current = issuer;
        }

        bool? complete;
        string? missing = null;
        if (SelfSigned(current) || roots.Roots.Any(r => IssuedBy(current, r)))
        {
            complete = true;
        }
        else
        {
            missing = current.Issuer;
            complete = IsCa(current) ? null : false;
        }

        return new TlsChainVerdict(trusted, flags, complete, missing, roots.Name, root);
    }

    /// <summary>Name match, narrowed by key identifiers when both are present (two CAs may share a name).</summary>
    private static bool IssuedBy(X509Certificate2 cert, X509Certificate2 issuer)
    {
        if (!issuer.SubjectName.RawData.AsSpan().SequenceEqual(cert.IssuerName.RawData))
        {
            return false;
        }

        var aki = cert.Extensions.OfType<X509AuthorityKeyIdentifierExtension>().FirstOrDefault()?.KeyIdentifier;
        var ski = issuer.Extensions.OfType<X509SubjectKeyIdentifierExtension>().FirstOrDefault()?.SubjectKeyIdentifierBytes;
        return aki is null || ski is null || aki.Value.Span.SequenceEqual(ski.Value.Span);
    }

    private static bool SelfSigned(X509Certificate2 c) => c.SubjectName.RawData.AsSpan().SequenceEqual(c.IssuerName.RawData);

    private static bool IsCa(X509Certificate2 c) => c.Extensions.OfType<X509BasicConstraintsExtension>().Any(b => b.CertificateAuthority);

    internal static TlsCertificateFacts Describe(X509Certificate2 c)
    {
        string algorithm;
        int size;
        using (var rsa = c.GetRSAPublicKey())
        using (var ec = rsa is null ? c.GetECDsaPublicKey() : null)
        {
            (algorithm, size) = rsa is not null ? ("RSA", rsa.KeySize)
                : ec is not null ? ("EC", ec.KeySize)
                : (c.PublicKey.Oid.FriendlyName ?? c.PublicKey.Oid.Value ?? "unknown", 0);
        }

        var dns = new List<string>();
        var ips = new List<string>();
        foreach (var san in c.Extensions.OfType<X509SubjectAlternativeNameExtension>())
        {
            dns.AddRange(san.EnumerateDnsNames());
            ips.AddRange(san.EnumerateIPAddresses().Select(a => a.ToString()));
        }

        return new TlsCertificateFacts(
            c.Subject,
            c.Issuer,
            c.SerialNumber,
            new DateTimeOffset(c.NotBefore.ToUniversalTime(), TimeSpan.Zero),
            new DateTimeOffset(c.NotAfter.ToUniversalTime(), TimeSpan.Zero),
            algorithm,
            size,
            c.SignatureAlgorithm.FriendlyName ?? c.SignatureAlgorithm.Value ?? "unknown",
            dns,
            ips,
            c.GetCertHashString(HashAlgorithmName.SHA256),
            IsCa(c),
            SelfSigned(c));
    }
}
