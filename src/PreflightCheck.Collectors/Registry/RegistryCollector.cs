using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using PreflightCheck.Collectors.Net;
using PreflightCheck.Collectors.Tls;
using PreflightCheck.Core.Collectors;
using PreflightCheck.Core.Facts;
using PreflightCheck.Core.Images;
using PreflightCheck.Core.Rules;

namespace PreflightCheck.Collectors.Registry;

/// <summary>
/// Talks to every registry the plan's images name, the way a puller would: /v2/ probe, auth challenge, token flow,
/// manifest by digest, platforms and image config, plus an anonymous manifest probe. Registries and images are
/// probed concurrently over one pooled client.
/// </summary>
internal sealed class RegistryCollector : ICollector<RegistrySection>
{
    private const int MaxPlatforms = 16;

    public string Name => CollectorNames.Registry;

    private sealed record Target(string Model, string Container, string Image, ImageReference? Reference, string? Error);

    public async Task<RegistrySection> CollectAsync(FactsSnapshot facts, CollectorContext ctx, CancellationToken ct)
    {
        var targets = new List<Target>();
        foreach (var model in facts.Plan.Models)
        {
            foreach (var container in model.Containers)
            {
                // ECR and model-package images are not dialled, nor even resolved: SageMaker pulls them itself.
                if (container.Image is null || PullScope.OutOfScope(container) is not null)
                {
                    continue;
                }

                var parsed = ImageReference.Parse(container.Image.Value);
                targets.Add(new Target(model.Name, container.Name, container.Image.Value, parsed.Reference, parsed.Success ? null : parsed.Error.ToString()));
            }
        }

        var groups = targets
            .GroupBy(t => t.Reference is null ? ("", 0) : Endpoint(t.Reference))
            .ToArray();
        var hosts = groups.Select(g => g.Key.Item1).Where(h => h.Length > 0).ToArray();

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        if (ctx.Deadline is { } at)
        {
            var left = at - ctx.Time.GetUtcNow();
            deadline.CancelAfter(left > TimeSpan.Zero ? left : TimeSpan.Zero);
        }

        var dialer = new Dialer(ctx, hosts);
        using var http = new RegistryHttp(dialer);
        var session = new Session(ctx, dialer, http, deadline.Token);
        RegistryFacts[] registries;
        CollectorRun run;
        try
        {
            registries = await Task.WhenAll(groups.Select(g => g.Key.Item1.Length == 0
                ? Task.FromResult(Invalid(g))
                : session.RegistryAsync(g.Key.Item1, g.Key.Item2, g.ToArray()))).ConfigureAwait(false);
            run = new CollectorRun(Name, CollectionStatus.Ok, $"{registries.Length} registr{(registries.Length == 1 ? "y" : "ies")}, {targets.Count} image(s)");
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            registries = [];
            run = new CollectorRun(Name, CollectionStatus.Timeout, "the overall deadline passed before the registry checks finished");
        }

        return new RegistrySection(run, registries);
    }

    internal static (string Host, int Port) Endpoint(ImageReference reference)
    {
        if (reference.IsDockerHub)
        {
            return ("registry-1.docker.io", 443);
        }

        return (reference.Host!.ToLowerInvariant(), reference.Port ?? 443);
    }

    private static RegistryFacts Invalid(IGrouping<(string, int), Target> group) => new(
        "",
        0,
        new RegistryResolution(CollectionStatus.Skipped, AddressSource.Dns, [], "no valid image reference"),
        new RegistryApiProbe(CollectionStatus.Skipped, "https", null, null, null, null, "no valid image reference"),
        group.Select(t => new RegistryImageFacts(
            t.Model, t.Container, t.Image, "", null, null, CollectionStatus.Invalid, RegistryCredentialsInfo.Absent,
            new RegistryAuthResult(PullAccess.NotAttempted, AuthScheme.None, null, null), null, null, t.Error)).ToArray());

    private sealed class Session(CollectorContext ctx, Dialer dialer, RegistryHttp http, CancellationToken ct)
    {
        public async Task<RegistryFacts> RegistryAsync(string host, int port, Target[] targets)
        {
            var resolved = await dialer.ResolveAsync(host, port, ct).ConfigureAwait(false);
            var resolution = new RegistryResolution(
                resolved.Status,
                resolved.Source,
                resolved.Addresses.Select(a => new ResolvedAddress(a.ToString(), AddressClass.IsPrivate(a))).ToArray(),
                resolved.Message);
            if (resolved.Status != CollectionStatus.Ok)
            {
                var api = new RegistryApiProbe(CollectionStatus.Skipped, "https", null, null, null, null, $"{host} did not resolve");
                return new RegistryFacts(host, port, resolution, api, targets.Select(t => NotReached(t, resolved.Status, $"registry host {host} did not resolve")).ToArray());
            }

            var (probe, baseUri) = await ProbeAsync(host, port).ConfigureAwait(false);
            if (probe.Status != CollectionStatus.Ok)
            {
                return new RegistryFacts(host, port, resolution, probe, targets.Select(t => NotReached(t, probe.Status, probe.Message)).ToArray());
            }

            // Containers naming the same image with the same credentials get the same answers: ask the registry once
            // (a scan of a thousand models sharing ten images costs ten manifest reads, not a thousand).
            var credentials = await Task.WhenAll(targets.Select(CredentialAsync)).ConfigureAwait(false);
            var images = new RegistryImageFacts[targets.Length];
            var groups = Enumerable.Range(0, targets.Length).GroupBy(i => (targets[i].Image, credentials[i].Credential, credentials[i].Failure));
            await Task.WhenAll(groups.Select(async g =>
            {
                var first = targets[g.First()];
                var facts = await ImageAsync(baseUri, probe, first, credentials[g.First()]).ConfigureAwait(false);
                foreach (var i in g)
                {
                    images[i] = facts with { Model = targets[i].Model, Container = targets[i].Container };
                }
            })).ConfigureAwait(false);
            return new RegistryFacts(host, port, resolution, probe, images);
        }

        private async Task<(RegistryCredential? Credential, string? Failure)> CredentialAsync(Target target)
        {
            try
            {
                return (await ctx.Credentials.GetAsync(target.Model, target.Container, ct).ConfigureAwait(false), null);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The provider's own text could echo what it returned, so only its type is kept.
                return (null, ex.GetType().Name);
            }
        }

        private async Task<(RegistryApiProbe Probe, Uri Base)> ProbeAsync(string host, int port)
        {
            var https = new Uri($"https://{Authority(host, port)}/");
            try
            {
                var answer = await http.SendAsync(HttpMethod.Get, new Uri(https, "/v2/"), null, null, 64 * 1024, ct).ConfigureAwait(false);
                return (Probe("https", answer), https);
            }
            catch (RegistryRequestException ex) when (ex.TlsFailure)
            {
                // Plain HTTP only when the port does not speak TLS at all: a certificate this client does not trust is the
                // TLS rules' finding, and asking an HTTPS server in plain HTTP would only earn a 400 that reads as "not a registry".
                if (await http.HandshakeAsync(host, port, ct).ConfigureAwait(false) is { } trust)
                {
                    return (new RegistryApiProbe(CollectionStatus.Invalid, "https", null, null, null, null, NotTrusted(Authority(host, port), host, trust, ex.Message)), https);
                }

                var plain = new Uri($"http://{Authority(host, port)}/");
                try
                {
                    var answer = await http.SendAsync(HttpMethod.Get, new Uri(plain, "/v2/"), null, null, 64 * 1024, ct).ConfigureAwait(false);
                    return (Probe("http", answer), plain);
                }
                catch (RegistryRequestException)
                {
                    return (new RegistryApiProbe(CollectionStatus.Invalid, "https", null, null, null, null, ex.Message), https);
                }
            }
            catch (RegistryRequestException ex)
            {
                return (new RegistryApiProbe(ex.Status, "https", null, null, null, null, ex.Message), https);
            }
        }

        /// <summary>Why no request went over a TLS connection whose certificate the registry client does not trust, and which rule says more.</summary>
        private string NotTrusted(string what, string host, TlsTrust trust, string failure) => trust switch
        {
            TlsTrust.Untrusted => $"the registry client does not trust the certificate of {what}: its chain leads to no root in the public set ({PublicRoots.Load(ctx.PublicRootsFile).Name}){(ctx.RegistryTrustRootsFile is null ? "" : " or in --registry-ca")} (see PFC-TLS-002), so no registry request was made over it; give the registry's CA with --registry-ca FILE to check the rest",
            TlsTrust.NameMismatch => $"the certificate of {what} does not name {host} (see PFC-TLS-004), so no registry request was made over it",
            TlsTrust.Expired => $"the certificate of {what} is outside its validity period (see PFC-TLS-005), so no registry request was made over it",
            _ => failure,
        };

        private static RegistryApiProbe Probe(string scheme, HttpAnswer answer) =>
            new(CollectionStatus.Ok, scheme, answer.Status, answer.ApiVersion, answer.ContentType, WwwAuthenticate.Parse(answer.WwwAuthenticate));

        private async Task<RegistryImageFacts> ImageAsync(Uri baseUri, RegistryApiProbe probe, Target target, (RegistryCredential? Credential, string? Failure) given)
        {
            var reference = target.Reference!;
            var repository = reference.RepositoryForApi;
            var what = reference.Digest ?? reference.Tag ?? "latest";
            var credential = given.Credential;
            if (given.Failure is not null)
            {
                return Image(target, CollectionStatus.Invalid, RegistryCredentialsInfo.Absent,
                    new RegistryAuthResult(PullAccess.Failed, AuthScheme.None, null, null, $"the credentials provider failed ({given.Failure})"), null, null);
            }

            var credentials = credential?.Info ?? RegistryCredentialsInfo.Absent;
            var challenge = probe.Challenge;
            var scope = $"repository:{repository}:pull";
            TokenRealmFacts? realm = challenge is { Scheme: AuthScheme.Bearer, Realm: { } realmText, Error: null }
                ? await RealmAsync(realmText).ConfigureAwait(false)
                : null;

            var manifestUri = new Uri(baseUri, $"/v2/{repository}/manifests/{what}");
            var (anonymous, anonymousHeader) = await AnonymousAsync(manifestUri, challenge, realm, scope).ConfigureAwait(false);

            AuthenticationHeaderValue? header = null;
            var method = AuthScheme.None;
            string? authMessage = null;
            var access = PullAccess.NotAttempted;
            if (probe.StatusCode == 401)
            {
                method = challenge?.Scheme ?? AuthScheme.Other;
                if (credential is null)
                {
                    authMessage = "no credentials were given";
                }
                else if (baseUri.Scheme != Uri.UriSchemeHttps)
                {
                    authMessage = "the registry speaks plain HTTP, so the credentials were not sent";
                }
                else if (challenge?.Scheme == AuthScheme.Basic)
                {
                    header = new AuthenticationHeaderValue("Basic", credential.BasicParameter());
                }
                else if (challenge?.Scheme == AuthScheme.Bearer && realm is not null)
                {
                    (header, realm, access, authMessage) = await TokenAsync(realm, challenge, scope, credential).ConfigureAwait(false);
                }
                else
                {
                    access = PullAccess.Failed;
                    authMessage = challenge?.Error ?? $"the registry's challenge ({challenge?.RawScheme ?? "none"}) names no usable scheme";
                }
            }

            var auth = new RegistryAuthResult(access, method, null, realm, authMessage);
            var useHeader = header ?? (credential is null || probe.StatusCode != 401 ? anonymousHeader : null);
            if (probe.StatusCode == 401 && useHeader is null && anonymous is not { Served: true })
            {
                return Image(target, CollectionStatus.Ok, credentials, auth, null, anonymous);
            }

            if (access is PullAccess.Denied or PullAccess.Failed)
            {
                return Image(target, CollectionStatus.Ok, credentials, auth, null, anonymous);
            }

            var manifest = await ManifestAsync(manifestUri, baseUri, repository, reference.Digest, useHeader).ConfigureAwait(false);
            var usedCredentials = header is not null;
            auth = manifest.StatusCode switch
            {
                200 or 404 => auth with { Access = usedCredentials || probe.StatusCode != 401 ? PullAccess.Granted : auth.Access, StatusCode = manifest.StatusCode },
                401 or 403 => auth with { Access = usedCredentials ? PullAccess.Denied : auth.Access, StatusCode = manifest.StatusCode, Message = usedCredentials ? $"the manifest request answered {manifest.StatusCode} with the credentials" : auth.Message },
                _ => auth with { StatusCode = manifest.StatusCode },
            };
            return Image(target, CollectionStatus.Ok, credentials, auth, manifest.StatusCode is 401 or 403 ? null : manifest, anonymous);
        }

        private async Task<TokenRealmFacts> RealmAsync(string realmText)
        {
            if (!Uri.TryCreate(realmText, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
            {
                return new TokenRealmFacts(Trim(realmText), "", 0, false, false, [], false, CollectionStatus.Invalid, null, null, null, "the realm is not an absolute http(s) URL");
            }

            var resolved = await dialer.ResolveAsync(uri.Host, uri.Port, ct).ConfigureAwait(false);
            var addresses = resolved.Addresses.Select(a => a.ToString()).ToArray();
            var linkLocal = resolved.Addresses.Any(AddressClass.IsLinkLocalOrMetadata);
            return new TokenRealmFacts(
                uri.GetLeftPart(UriPartial.Path), uri.Host, uri.Port, uri.Scheme == Uri.UriSchemeHttps, linkLocal, addresses, false,
                resolved.Status, null, null, null, resolved.Message);
        }

        private static bool Safe(TokenRealmFacts realm) => realm.IsHttps && !realm.IsLinkLocalOrMetadata && realm.Status == CollectionStatus.Ok;

        private async Task<(AuthenticationHeaderValue? Header, TokenRealmFacts Realm, PullAccess Access, string? Message)> TokenAsync(
            TokenRealmFacts realm, RegistryAuthChallenge challenge, string scope, RegistryCredential? credential)
        {
            if (!Safe(realm))
            {
                var why = !realm.IsHttps ? "the token realm is not HTTPS"
                    : realm.IsLinkLocalOrMetadata ? "the token realm is at a link-local, unspecified or instance-metadata address"
                    : $"the token realm did not resolve ({realm.Message})";
                return (null, realm, PullAccess.NotAttempted, why + ", so no credentials were sent");
            }

            var uri = TokenUri(challenge.Realm!, challenge.Service, scope);
            var basic = credential is null ? null : new AuthenticationHeaderValue("Basic", credential.BasicParameter());
            realm = realm with { CredentialsSent = credential is not null };
            HttpAnswer answer;
            try
            {
                answer = await http.SendAsync(HttpMethod.Get, uri, basic, ["application/json"], 1024 * 1024, ct).ConfigureAwait(false);
            }
            catch (RegistryRequestException ex)
            {
                if (ex.TlsFailure && await http.HandshakeAsync(realm.Host, realm.Port, ct).ConfigureAwait(false) is { } trust)
                {
                    // Not the credentials' fault: unknown, with the TLS rule that explains it.
                    var why = NotTrusted($"the token realm {Authority(realm.Host, realm.Port)}", realm.Host, trust, ex.Message);
                    return (null, realm with { Status = CollectionStatus.Invalid, Message = why }, PullAccess.NotAttempted, why);
                }

                return (null, realm with { Status = ex.Status, Message = ex.Message }, PullAccess.Failed, $"the token request failed: {ex.Message}");
            }

            realm = realm with { StatusCode = answer.Status };
            if (answer.Status is 401 or 403)
            {
                return (null, realm, PullAccess.Denied, $"the token endpoint answered {answer.Status}");
            }

            if (answer.Status != 200)
            {
                return (null, realm with { Status = CollectionStatus.Invalid }, PullAccess.Failed, $"the token endpoint answered {answer.Status}");
            }

            try
            {
                using var doc = JsonDocument.Parse(answer.Body);
                var root = doc.RootElement;
                string? field = null, token = null;
                foreach (var name in new[] { "token", "access_token" })
                {
                    if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var t) && t.ValueKind == JsonValueKind.String && t.GetString() is { Length: > 0 } s)
                    {
                        field = name;
                        token = s;
                        break;
                    }
                }

                int? expires = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("expires_in", out var e) && e.TryGetInt32(out var n) ? n : null;
                if (token is null)
                {
                    return (null, realm with { Status = CollectionStatus.Invalid }, PullAccess.Failed, "the token endpoint answered JSON with neither 'token' nor 'access_token'");
                }

                return (new AuthenticationHeaderValue("Bearer", token), realm with { TokenField = field, ExpiresIn = expires }, PullAccess.NotAttempted, null);
            }
            catch (JsonException)
            {
                return (null, realm with { Status = CollectionStatus.Invalid }, PullAccess.Failed, "the token endpoint did not answer JSON");
            }
        }

        private static Uri TokenUri(string realm, string? service, string scope)
        {
            var builder = new UriBuilder(realm);
            var query = builder.Query.TrimStart('?');
            var parts = new List<string>();
            if (query.Length > 0)
            {
                parts.Add(query);
            }

            if (service is not null)
            {
                parts.Add("service=" + Uri.EscapeDataString(service));
            }

            parts.Add("scope=" + Uri.EscapeDataString(scope));
            builder.Query = string.Join('&', parts);
            return builder.Uri;
        }

        private async Task<(AnonymousPullFacts Facts, AuthenticationHeaderValue? Header)> AnonymousAsync(Uri manifestUri, RegistryAuthChallenge? challenge, TokenRealmFacts? realm, string scope)
        {
            try
            {
                var answer = await http.SendAsync(HttpMethod.Head, manifestUri, null, RegistryMediaTypes.All, 0, ct).ConfigureAwait(false);
                if (answer.Status == 401 && challenge is { Scheme: AuthScheme.Bearer } && realm is not null && Safe(realm))
                {
                    // Token registries often hand out anonymous tokens; only the manifest request with one tells.
                    var (header, _, _, _) = await TokenAsync(realm, challenge, scope, null).ConfigureAwait(false);
                    if (header is not null)
                    {
                        var again = await http.SendAsync(HttpMethod.Head, manifestUri, header, RegistryMediaTypes.All, 0, ct).ConfigureAwait(false);
                        return (new AnonymousPullFacts(CollectionStatus.Ok, again.Status, again.Status == 200), again.Status == 200 ? header : null);
                    }
                }

                return (new AnonymousPullFacts(CollectionStatus.Ok, answer.Status, answer.Status == 200), null);
            }
            catch (RegistryRequestException ex)
            {
                return (new AnonymousPullFacts(ex.Status, null, false, ex.Message), null);
            }
        }

        private async Task<ManifestFacts> ManifestAsync(Uri manifestUri, Uri baseUri, string repository, string? digest, AuthenticationHeaderValue? header)
        {
            HttpAnswer answer;
            try
            {
                answer = await http.SendAsync(HttpMethod.Get, manifestUri, header, RegistryMediaTypes.All, RegistryHttp.ManifestCap, ct).ConfigureAwait(false);
            }
            catch (RegistryRequestException ex)
            {
                return new ManifestFacts(ex.Status, null, null, null, null, false, 0, [], null, ex.Message);
            }

            if (answer.Status == 404)
            {
                return new ManifestFacts(CollectionStatus.NotFound, 404, null, answer.DigestHeader, null, false, 0, [], null, "manifest unknown");
            }

            if (answer.Status != 200)
            {
                return new ManifestFacts(answer.Status is 401 or 403 ? CollectionStatus.AccessDenied : CollectionStatus.Invalid, answer.Status, null, answer.DigestHeader, null, false, 0, [], null, $"the manifest request answered {answer.Status}");
            }

            var computed = ManifestReader.Digest(answer.Body, ManifestReader.AlgorithmOf(digest ?? answer.DigestHeader));
            var expected = digest ?? answer.DigestHeader ?? computed;
            var matches = string.Equals(computed, expected, StringComparison.Ordinal);
            var mediaType = ManifestReader.MediaType(answer.Body, answer.ContentType);
            var manifest = new ManifestFacts(
                matches ? CollectionStatus.Ok : CollectionStatus.Invalid, 200, mediaType, answer.DigestHeader, computed, matches, answer.Body.LongLength, [], null,
                matches ? null : $"the bytes hash to {computed}, not {expected}");
            if (!matches)
            {
                return manifest;
            }

            if (manifest.IsIndex)
            {
                var entries = ManifestReader.IndexEntries(answer.Body, out var error);
                if (entries is null)
                {
                    return manifest with { Status = CollectionStatus.Invalid, Message = error };
                }

                var platforms = await Task.WhenAll(entries
                    .Where(e => e.Os is not null && e.Os != "unknown" && e.Architecture is not null && e.Architecture != "unknown")
                    .Take(MaxPlatforms)
                    .Select(async e => new PlatformFacts(e.Os!, e.Architecture!, e.Variant, e.Digest, e.MediaType, await ChildConfigAsync(baseUri, repository, e.Digest, header).ConfigureAwait(false))))
                    .ConfigureAwait(false);
                return manifest with { Platforms = platforms };
            }

            if (mediaType is RegistryMediaTypes.DockerSchema1 or RegistryMediaTypes.DockerSchema1Signed)
            {
                return manifest;
            }

            var configDigest = ManifestReader.ConfigDigest(answer.Body, out var configError);
            return manifest with
            {
                Config = configDigest is null
                    ? new ImageConfigFacts(CollectionStatus.Invalid, null, null, null, null, null, null, configError)
                    : (await ConfigAsync(baseUri, repository, configDigest, header).ConfigureAwait(false)) with { LayersSize = ManifestReader.LayersSize(answer.Body) },
            };
        }

        private async Task<ImageConfigFacts> ChildConfigAsync(Uri baseUri, string repository, string digest, AuthenticationHeaderValue? header)
        {
            try
            {
                var answer = await http.SendAsync(HttpMethod.Get, new Uri(baseUri, $"/v2/{repository}/manifests/{digest}"), header, RegistryMediaTypes.All, RegistryHttp.ManifestCap, ct).ConfigureAwait(false);
                if (answer.Status != 200)
                {
                    return new ImageConfigFacts(CollectionStatus.Invalid, null, null, null, null, null, null, $"the platform manifest {digest} answered {answer.Status}");
                }

                if (ManifestReader.Digest(answer.Body, ManifestReader.AlgorithmOf(digest)) != digest)
                {
                    return new ImageConfigFacts(CollectionStatus.Invalid, null, null, null, null, null, null, $"the platform manifest does not hash to {digest}");
                }

                var configDigest = ManifestReader.ConfigDigest(answer.Body, out var error);
                return configDigest is null
                    ? new ImageConfigFacts(CollectionStatus.Invalid, null, null, null, null, null, null, error)
                    : (await ConfigAsync(baseUri, repository, configDigest, header).ConfigureAwait(false)) with { LayersSize = ManifestReader.LayersSize(answer.Body) };
            }
            catch (RegistryRequestException ex)
            {
                return new ImageConfigFacts(ex.Status, null, null, null, null, null, null, ex.Message);
            }
        }

        private async Task<ImageConfigFacts> ConfigAsync(Uri baseUri, string repository, string digest, AuthenticationHeaderValue? header)
        {
            try
            {
                var answer = await http.SendAsync(HttpMethod.Get, new Uri(baseUri, $"/v2/{repository}/blobs/{digest}"), header, null, RegistryHttp.ManifestCap, ct).ConfigureAwait(false);
                if (answer.Status != 200)
                {
                    return new ImageConfigFacts(CollectionStatus.Invalid, digest, null, null, null, null, null, $"the config blob answered {answer.Status}");
                }

                return ManifestReader.Digest(answer.Body, ManifestReader.AlgorithmOf(digest)) != digest
                    ? new ImageConfigFacts(CollectionStatus.Invalid, digest, null, null, null, null, null, $"the config blob does not hash to {digest}")
                    : ManifestReader.Config(digest, answer.Body);
            }
            catch (RegistryRequestException ex)
            {
                return new ImageConfigFacts(ex.Status, digest, null, null, null, null, null, ex.Message);
            }
        }

        private static RegistryImageFacts Image(Target t, CollectionStatus status, RegistryCredentialsInfo credentials, RegistryAuthResult auth, ManifestFacts? manifest, AnonymousPullFacts? anonymous) =>
            new(t.Model, t.Container, t.Image, t.Reference!.RepositoryForApi, t.Reference.Tag, t.Reference.Digest, status, credentials, auth, manifest, anonymous, auth.Message);

        private static RegistryImageFacts NotReached(Target t, CollectionStatus status, string? message) =>
            Image(t, status, RegistryCredentialsInfo.Absent, new RegistryAuthResult(PullAccess.NotAttempted, AuthScheme.None, null, null, message), null, null);
    }

    internal static string Authority(string host, int port) =>
        (IPAddress.TryParse(host, out var ip) && ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{host}]" : host) + ":" + port;

    private static string Trim(string s) => s.Length > 200 ? s[..200] : s;
}
