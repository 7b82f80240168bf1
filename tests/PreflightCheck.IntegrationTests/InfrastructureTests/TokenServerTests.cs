using System.Net;
using System.Text;
using System.Text.Json;
using PreflightCheck.IntegrationTests.Infrastructure;

namespace PreflightCheck.IntegrationTests.InfrastructureTests;

public sealed class TokenServerTests(TokenRegistryFixture fx) : IClassFixture<TokenRegistryFixture>
{
    [Fact]
    public async Task Registry_WhenNoToken_ChallengesWithBearerRealmOfTokenServer()
    {
        using var client = TestHttp.Create(fx.Certificates.RootPath);

        using var response = await client.GetAsync(new Uri(fx.Registry.BaseUri, "/v2/"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var challenge = response.Headers.WwwAuthenticate.Single();
        Assert.Equal("Bearer", challenge.Scheme);
        Assert.Contains($"realm=\"{fx.TokenServer.Realm}\"", challenge.Parameter, StringComparison.Ordinal);
        Assert.Contains($"service=\"{fx.TokenServer.Service}\"", challenge.Parameter, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetToken_WhenCredentialsValid_RegistryAcceptsBearerJwt()
    {
        var token = await TestHttp.GetTokenAsync(fx.TokenServer, scope: null);
        using var client = TestHttp.Create(fx.Certificates.RootPath);
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(fx.Registry.BaseUri, "/v2/"));
        request.Headers.Authorization = new("Bearer", token);

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var parts = token.Split('.');
        Assert.Equal(3, parts.Length);
        using var header = JsonDocument.Parse(B64UrlDecode(parts[0]));
        using var claims = JsonDocument.Parse(B64UrlDecode(parts[1]));
        Assert.Equal("RS256", header.RootElement.GetProperty("alg").GetString());
        Assert.Equal(fx.TokenServer.SigningKeyId, header.RootElement.GetProperty("kid").GetString());
        Assert.Equal(fx.TokenServer.Service, claims.RootElement.GetProperty("aud").GetString());
        Assert.Equal(fx.TokenServer.Issuer, claims.RootElement.GetProperty("iss").GetString());
        Assert.Equal(fx.TokenServer.Username, claims.RootElement.GetProperty("sub").GetString());
        Assert.DoesNotContain(fx.TokenServer.Password, fx.Registry.ReadLog(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetToken_WhenScopeGranted_RegistryAuthorisesRepositoryButNotOthers()
    {
        var token = await TestHttp.GetTokenAsync(fx.TokenServer, "repository:team/model:pull");
        using var client = TestHttp.Create(fx.Certificates.RootPath);

        using var granted = await GetWithBearer(client, "/v2/team/model/tags/list", token);
        using var other = await GetWithBearer(client, "/v2/team/other/tags/list", token);

        // Authorised but absent repository: 404 NAME_UNKNOWN, not 401.
        Assert.Equal(HttpStatusCode.NotFound, granted.StatusCode);
        Assert.Contains("NAME_UNKNOWN", await granted.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, other.StatusCode);
        Assert.Contains("insufficient_scope", other.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetToken_WhenPasswordWrong_Answers401AndRecordsNoPassword()
    {
        var before = fx.TokenServer.RequestCount;
        using var client = TestHttp.Create(fx.TokenServer.RootCaPath);
        using var request = new HttpRequestMessage(HttpMethod.Get, fx.TokenServer.Realm + "?service=" + fx.TokenServer.Service);
        request.Headers.Authorization = TestHttp.Basic(fx.TokenServer.Username, "wrong-password-123");

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(before + 1, fx.TokenServer.RequestCount);
        var last = fx.TokenServer.Requests[^1];
        Assert.Equal(401, last.StatusCode);
        Assert.True(last.HadAuthorization);
        Assert.DoesNotContain("wrong-password-123", last.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(nameof(TokenServerMode.ServerError), 500, "text/plain")]
    [InlineData(nameof(TokenServerMode.NonJson), 200, "text/html")]
    [InlineData(nameof(TokenServerMode.NoToken), 200, "application/json")]
    public async Task Mode_WhenFaultConfigured_ServesTheFault(string mode, int status, string contentType)
    {
        fx.TokenServer.Mode = Enum.Parse<TokenServerMode>(mode);
        try
        {
            using var client = TestHttp.Create(fx.TokenServer.RootCaPath);
            using var request = new HttpRequestMessage(HttpMethod.Get, fx.TokenServer.Realm + "?service=" + fx.TokenServer.Service);
            request.Headers.Authorization = TestHttp.Basic(fx.TokenServer.Username, fx.TokenServer.Password);

            using var response = await client.SendAsync(request);

            Assert.Equal(status, (int)response.StatusCode);
            Assert.Equal(contentType, response.Content.Headers.ContentType!.MediaType);
            Assert.DoesNotContain("\"token\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        finally
        {
            fx.TokenServer.Mode = TokenServerMode.Normal;
        }
    }

    [Fact]
    public async Task Mode_WhenHang_ClientTimesOut()
    {
        fx.TokenServer.Mode = TokenServerMode.Hang;
        try
        {
            using var client = TestHttp.Create(fx.TokenServer.RootCaPath, timeout: TimeSpan.FromMilliseconds(500));

            await Assert.ThrowsAsync<TaskCanceledException>(() => client.GetAsync(fx.TokenServer.Realm));
        }
        finally
        {
            fx.TokenServer.Mode = TokenServerMode.Normal;
        }
    }

    [Theory]
    [InlineData(nameof(TokenFields.TokenOnly), true, false)]
    [InlineData(nameof(TokenFields.AccessTokenOnly), false, true)]
    [InlineData(nameof(TokenFields.Both), true, true)]
    public async Task Fields_WhenConfigured_ResponseCarriesOnlyThoseFields(string fields, bool hasToken, bool hasAccessToken)
    {
        fx.TokenServer.Fields = Enum.Parse<TokenFields>(fields);
        try
        {
            using var client = TestHttp.Create(fx.TokenServer.RootCaPath);
            using var request = new HttpRequestMessage(HttpMethod.Get, fx.TokenServer.Realm + "?service=" + fx.TokenServer.Service);
            request.Headers.Authorization = TestHttp.Basic(fx.TokenServer.Username, fx.TokenServer.Password);

            using var response = await client.SendAsync(request);
            using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

            Assert.Equal(hasToken, doc.RootElement.TryGetProperty("token", out _));
            Assert.Equal(hasAccessToken, doc.RootElement.TryGetProperty("access_token", out _));
            Assert.Equal(300, doc.RootElement.GetProperty("expires_in").GetInt32());
        }
        finally
        {
            fx.TokenServer.Fields = TokenFields.Both;
        }
    }

    [Fact]
    public async Task SkopeoPush_WhenTokenAuth_TokenServerGrantsPushAndPullAndManifestIsServed()
    {
        using var layout = TestImages.WriteSingle(ImageSpec.Amd64);
        var before = fx.TokenServer.Requests.Count;

        var pushed = await TestImages.PushAsync(layout, fx.Registry, "token/model", "v1", PushFormat.DockerV2S2);

        var seen = fx.TokenServer.Requests.Skip(before).ToList();
        Assert.Contains(seen, r => r.StatusCode == 200 && r.Account == fx.TokenServer.Username && r.Scopes.Any(s => s.Contains("repository:token/model:", StringComparison.Ordinal) && s.Contains("push", StringComparison.Ordinal)));
        var token = await TestHttp.GetTokenAsync(fx.TokenServer, "repository:token/model:pull");
        using var client = TestHttp.Create(fx.Certificates.RootPath);
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(fx.Registry.BaseUri, "/v2/token/model/manifests/v1"));
        request.Headers.Authorization = new("Bearer", token);
        request.Headers.Accept.ParseAdd(MediaTypes.DockerManifest);
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(pushed.Digest, response.Headers.GetValues("Docker-Content-Digest").Single());
        Assert.DoesNotContain(fx.TokenServer.Password, pushed.SkopeoOutput, StringComparison.Ordinal);
        var log = fx.Registry.ReadLog();
        Assert.All(fx.TokenServer.IssuedTokens, t => Assert.DoesNotContain(t, log, StringComparison.Ordinal));
        Assert.DoesNotContain(fx.TokenServer.Password, log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_WhenAnonymousAllowed_IssuesTokenWithoutAccessToUnauthenticatedClient()
    {
        await using var server = await TokenServer.StartAsync(new TokenServerOptions { Certificates = fx.Certificates, AllowAnonymous = true });
        using var client = TestHttp.Create(server.RootCaPath);

        using var response = await client.GetAsync($"{server.Realm}?service={server.Service}&scope=repository:a/b:pull");
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var token = doc.RootElement.GetProperty("token").GetString()!;
        using var claims = JsonDocument.Parse(B64UrlDecode(token.Split('.')[1]));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(0, claims.RootElement.GetProperty("access").GetArrayLength());
        Assert.Equal(string.Empty, claims.RootElement.GetProperty("sub").GetString());
        Assert.False(server.Requests.Single().HadAuthorization);
    }

    [Fact]
    public void LibtrustKeyId_WhenComputed_Has12GroupsOf4Base32Characters()
    {
        var id = fx.TokenServer.SigningKeyId;

        var groups = id.Split(':');
        Assert.Equal(12, groups.Length);
        Assert.All(groups, g => Assert.Matches("^[A-Z2-7]{4}$", g));
        Assert.NotEqual(id, TokenServer.LibtrustKeyId(new byte[] { 1, 2, 3 }));
    }

    [Fact]
    public void LibtrustKeyId_WhenKnownInput_MatchesBase32OfTruncatedSha256()
    {
        // Independent vector: Python base64.b32encode(sha256(b"")[:30]) grouped by 4.
        Assert.Equal("4OYM:IQUY:7QOB:JGX3:6TEJ:S35Z:EQT2:4QPE:MSNZ:GTFE:SWMR:W6CS", TokenServer.LibtrustKeyId([]));
    }

    private async Task<HttpResponseMessage> GetWithBearer(HttpClient client, string path, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(fx.Registry.BaseUri, path));
        request.Headers.Authorization = new("Bearer", token);
        return await client.SendAsync(request);
    }

    private static string B64UrlDecode(string s)
    {
        s = s.Replace('-', '+').Replace('_', '/');
        s = s.PadRight(s.Length + ((4 - (s.Length % 4)) % 4), '=');
        return Encoding.UTF8.GetString(Convert.FromBase64String(s));
    }
}
