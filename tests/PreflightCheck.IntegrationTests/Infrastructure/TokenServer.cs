using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace PreflightCheck.IntegrationTests.Infrastructure;

internal enum TokenServerMode
{
    /// <summary>Issue tokens per the Docker token protocol.</summary>
    Normal,

    /// <summary>Answer 500 with a short text body.</summary>
    ServerError,

    /// <summary>Answer 200 with an HTML body.</summary>
    NonJson,

    /// <summary>Answer 200 with JSON that has neither token nor access_token.</summary>
    NoToken,

    /// <summary>Accept the request and never answer (until the client gives up or the server stops).</summary>
    Hang,
}

internal enum TokenFields
{
    Both,
    TokenOnly,
    AccessTokenOnly,
}

/// <summary>What the token server saw; never holds the password.</summary>
internal sealed record TokenRequestRecord(string? Account, bool HadAuthorization, string? Service, IReadOnlyList<string> Scopes, int StatusCode);

internal sealed record TokenServerOptions
{
    public TestCertificates? Certificates { get; init; }

    /// <summary>Loopback address; 127.0.0.1 when null.</summary>
    public IPAddress? Address { get; init; }

    public string Service { get; init; } = "preflight-test-registry";

    public string Issuer { get; init; } = "preflight-test-issuer";

    public string Username { get; init; } = "preflight";

    /// <summary>Random when null.</summary>
    public string? Password { get; init; }

    /// <summary>Actions granted on any repository to the user (intersected with what the scope asks).</summary>
    public IReadOnlyList<string> GrantedActions { get; init; } = ["pull", "push"];

    /// <summary>Issue access-less tokens to requests without credentials (like Docker Hub) instead of answering 401.</summary>
    public bool AllowAnonymous { get; init; }

    public int ExpiresInSeconds { get; init; } = 300;
}

/// <summary>
/// A Kestrel HTTPS app implementing the Docker registry token flow (GET /token with Basic credentials → RS256 JWT).
/// The JWT header carries the libtrust key id of the signing key, whose self-signed certificate is the registry's rootcertbundle.
/// </summary>
internal sealed class TokenServer : IAsyncDisposable
{
    private readonly TokenServerOptions _options;
    private readonly TempDirectory _dir;
    private readonly TestCertificates? _ownedCertificates;
    private readonly ConcurrentQueue<TokenRequestRecord> _requests = new();
    private readonly ConcurrentQueue<string> _issued = new();
    private readonly RSA _signingKey;
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<IDisposable> _owned = [];
    private WebApplication? _app;
    private int _requestCount;
    private volatile TokenServerMode _mode = TokenServerMode.Normal;
    private volatile TokenFields _fields = TokenFields.Both;

    private TokenServer(TokenServerOptions options, TempDirectory dir, TestCertificates? owned, LeafCertificate tlsLeaf, LeafCertificate signing, string password)
    {
        _options = options;
        _dir = dir;
        _ownedCertificates = owned;
        TlsLeaf = tlsLeaf;
        SigningCertificate = signing;
        Password = password;
        _signingKey = RSA.Create();
        _signingKey.ImportFromPem(File.ReadAllText(signing.KeyPath));
        using var cert = signing.LoadCertificate();
        SigningKeyId = LibtrustKeyId(cert.PublicKey.ExportSubjectPublicKeyInfo());
    }

    public string Service => _options.Service;

    public string Issuer => _options.Issuer;

    public string Username => _options.Username;

    public string Password { get; }

    public Uri Realm { get; internal set; } = null!;

    /// <summary>The HTTPS certificate of the token endpoint (full chain served).</summary>
    public LeafCertificate TlsLeaf { get; }

    public string RootCaPath => TlsLeaf.RootPath;

    /// <summary>Self-signed RSA certificate of the JWT signing key; point auth.token.rootcertbundle here.</summary>
    public LeafCertificate SigningCertificate { get; }

    public string SigningCertificatePath => SigningCertificate.CertificatePath;

    public string SigningKeyId { get; }

    public TokenServerMode Mode
    {
        get => _mode;
        set => _mode = value;
    }

    public TokenFields Fields
    {
        get => _fields;
        set => _fields = value;
    }

    public int RequestCount => Volatile.Read(ref _requestCount);

    public IReadOnlyList<TokenRequestRecord> Requests => _requests.ToArray();

    /// <summary>Every JWT handed out, for tests that scan outputs for leaked tokens.</summary>
    public IReadOnlyList<string> IssuedTokens => _issued.ToArray();

    public static async Task<TokenServer> StartAsync(TokenServerOptions? options = null)
    {
        options ??= new TokenServerOptions();
        var address = options.Address ?? IPAddress.Loopback;
        if (!Loopback.IsLoopback(address))
        {
            throw new ArgumentException("The token server listens on loopback only.", nameof(options));
        }

        var dir = new TempDirectory("token");
        TestCertificates? owned = null;
        TokenServer? server = null;
        try
        {
            var certs = options.Certificates;
            if (certs is null)
            {
                owned = await TestCertificates.CreateAsync().ConfigureAwait(false);
                certs = owned;
            }

            var tlsTask = certs.ValidAsync("token-server", [address.ToString()], ["token.preflight.test"]);
            var signingTask = certs.SelfSignedAsync("token-signing", [], null, TestKeyKind.Rsa2048);
            await Task.WhenAll(tlsTask, signingTask).ConfigureAwait(false);
            var password = options.Password ?? "tok-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(12)).ToLowerInvariant();
            server = new TokenServer(options, dir, owned, tlsTask.Result, signingTask.Result, password);
            await server.RunAsync(address).ConfigureAwait(false);
            return server;
        }
        catch
        {
            if (server is not null)
            {
                await server.DisposeAsync().ConfigureAwait(false);
            }
            else
            {
                owned?.Dispose();
                dir.Dispose();
            }

            throw;
        }
    }

    /// <summary>libtrust key id: SHA-256 of the DER SubjectPublicKeyInfo, first 240 bits, base32 without padding, 12 groups of 4 joined by ':'.</summary>
    public static string LibtrustKeyId(ReadOnlySpan<byte> subjectPublicKeyInfo)
    {
        var hash = SHA256.HashData(subjectPublicKeyInfo);
        var b32 = Base32(hash.AsSpan(0, 30));
        var groups = Enumerable.Range(0, b32.Length / 4).Select(i => b32.Substring(i * 4, 4));
        return string.Join(':', groups);
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        if (_app is not null)
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try
            {
                await _app.StopAsync(cts.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }

            await _app.DisposeAsync().ConfigureAwait(false);
        }

        foreach (var d in _owned)
        {
            d.Dispose();
        }

        _signingKey.Dispose();
        _stopping.Dispose();
        _ownedCertificates?.Dispose();
        _dir.Dispose();
    }

    private static string Base32(ReadOnlySpan<byte> data)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var sb = new StringBuilder();
        int buffer = 0, bits = 0;
        foreach (var b in data)
        {
            buffer = (buffer << 8) | b;
            bits += 8;
            while (bits >= 5)
            {
                sb.Append(alphabet[(buffer >> (bits - 5)) & 31]);
                bits -= 5;
            }
        }

        if (bits > 0)
        {
            sb.Append(alphabet[(buffer << (5 - bits)) & 31]);
        }

        return sb.ToString();
    }

    private static string B64Url(ReadOnlySpan<byte> data) =>
        Convert.ToBase64String(data).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private async Task RunAsync(IPAddress address)
    {
        var serverCert = TlsLeaf.LoadWithKey();
        var intermediate = X509CertificateLoader.LoadCertificateFromFile(_ownedCertificates?.IntermediatePath ?? _options.Certificates!.IntermediatePath);
        _owned.Add(serverCert);
        _owned.Add(intermediate);
        var (app, port) = await LoopbackWebServer.StartAsync(
            address,
            web => web.MapGet("/token", HandleAsync),
            listen => listen.UseHttps(https =>
            {
                https.ServerCertificate = serverCert;
                https.ServerCertificateChain = [intermediate];
            }),
            contentRoot: _dir.Path).ConfigureAwait(false);
        _app = app;
        Realm = new Uri($"https://{address}:{port}/token");
    }

    private async Task HandleAsync(HttpContext context)
    {
        Interlocked.Increment(ref _requestCount);
        var query = context.Request.Query;
        var service = query["service"].ToString();
        var scopes = query["scope"].Where(s => !string.IsNullOrEmpty(s)).Select(s => s!).ToList();
        var (account, password, hadAuth) = ParseBasic(context.Request.Headers.Authorization.ToString());

        async Task Reply(int status, string contentType, string body)
        {
            _requests.Enqueue(new TokenRequestRecord(account, hadAuth, string.IsNullOrEmpty(service) ? null : service, scopes, status));
            context.Response.StatusCode = status;
            context.Response.ContentType = contentType;
            await context.Response.WriteAsync(body, context.RequestAborted).ConfigureAwait(false);
        }

        switch (_mode)
        {
            case TokenServerMode.ServerError:
                await Reply(500, "text/plain", "internal error (test mode)").ConfigureAwait(false);
                return;
            case TokenServerMode.NonJson:
                await Reply(200, "text/html", "<html><body>Sign in</body></html>").ConfigureAwait(false);
                return;
            case TokenServerMode.NoToken:
                await Reply(200, "application/json", """{"expires_in":300}""").ConfigureAwait(false);
                return;
            case TokenServerMode.Hang:
                using (var linked = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping.Token))
                {
                    try
                    {
                        await Task.Delay(Timeout.Infinite, linked.Token).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException)
                    {
                    }
                }

                _requests.Enqueue(new TokenRequestRecord(account, hadAuth, string.IsNullOrEmpty(service) ? null : service, scopes, 0));
                return;
        }

        var authenticated = hadAuth && account == _options.Username && password is not null &&
            CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(password), Encoding.UTF8.GetBytes(Password));
        if (!authenticated && (hadAuth || !_options.AllowAnonymous))
        {
            context.Response.Headers.WWWAuthenticate = "Basic realm=\"preflight-token\"";
            await Reply(401, "application/json", """{"details":"incorrect username or password"}""").ConfigureAwait(false);
            return;
        }

        var audience = string.IsNullOrEmpty(service) ? _options.Service : service;
        var access = new JsonArray();
        if (authenticated)
        {
            foreach (var scope in scopes.SelectMany(s => s.Split(' ', StringSplitOptions.RemoveEmptyEntries)))
            {
                var parts = scope.Split(':');
                if (parts.Length < 3)
                {
                    continue;
                }

                var granted = parts[^1].Split(',').Where(a => _options.GrantedActions.Contains(a)).ToArray();
                var name = string.Join(':', parts[1..^1]);
                access.Add(new JsonObject
                {
                    ["type"] = parts[0],
                    ["name"] = name,
                    ["actions"] = new JsonArray(granted.Select(a => (JsonNode)JsonValue.Create(a)).ToArray()),
                });
            }
        }

        var token = CreateJwt(authenticated ? account! : string.Empty, audience, access);
        _issued.Enqueue(token);
        var response = new JsonObject();
        if (_fields != TokenFields.AccessTokenOnly)
        {
            response["token"] = token;
        }

        if (_fields != TokenFields.TokenOnly)
        {
            response["access_token"] = token;
        }

        response["expires_in"] = _options.ExpiresInSeconds;
        response["issued_at"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        await Reply(200, "application/json", response.ToJsonString()).ConfigureAwait(false);
    }

    private string CreateJwt(string subject, string audience, JsonArray access)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var header = new JsonObject { ["typ"] = "JWT", ["alg"] = "RS256", ["kid"] = SigningKeyId };
        var claims = new JsonObject
        {
            ["iss"] = _options.Issuer,
            ["sub"] = subject,
            ["aud"] = audience,
            ["exp"] = now + _options.ExpiresInSeconds,
            ["nbf"] = now - 10,
            ["iat"] = now,
            ["jti"] = Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant(),
            ["access"] = access,
        };
        var signingInput = B64Url(Encoding.UTF8.GetBytes(header.ToJsonString())) + "." + B64Url(Encoding.UTF8.GetBytes(claims.ToJsonString()));
        var signature = _signingKey.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return signingInput + "." + B64Url(signature);
    }

    private static (string? Account, string? Password, bool HadAuth) ParseBasic(string header)
    {
        if (!header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            return (null, null, header.Length > 0);
        }

        try
        {
            var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header[6..].Trim()));
            var colon = decoded.IndexOf(':', StringComparison.Ordinal);
            return colon < 0 ? (decoded, null, true) : (decoded[..colon], decoded[(colon + 1)..], true);
        }
        catch (FormatException)
        {
            return (null, null, true);
        }
    }
}
