using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using PreflightCheck.IntegrationTests.AwsFake;

namespace PreflightCheck.IntegrationTests.Cli;

/// <summary>
/// Credentials as engineers have them locally: IAM Identity Center (SSO) profiles with the token cache that
/// <c>aws sso login</c> leaves, and <c>credential_process</c>. HOME and both AWS files point into a temp directory; every
/// endpoint is the loopback fake, and the global AWS_ENDPOINT_URL is a dead port so each service must use its own variable.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class AwsCredentialSourceTests : IDisposable
{
    private const string StartUrl = "https://d-9067c2a5b1.awsapps.com/start";
    private const string AccountId = "123456789012";
    private const string RoleName = "DeployerAccess";

    private readonly string _home = Directory.CreateTempSubdirectory("preflight-sso-home-").FullName;

    public void Dispose() => Directory.Delete(_home, recursive: true);

    private string ConfigFile => Path.Combine(_home, ".aws", "config");

    private Dictionary<string, string?> Env(AwsFakeServer aws, string? awsProfile = null)
    {
        var fake = aws.Endpoint.ToString().TrimEnd('/');
        var env = new Dictionary<string, string?>
        {
            ["HOME"] = _home,
            ["AWS_CONFIG_FILE"] = ConfigFile,
            ["AWS_SHARED_CREDENTIALS_FILE"] = Path.Combine(_home, ".aws", "credentials"),
            ["AWS_ENDPOINT_URL"] = "http://127.0.0.1:9",
            ["AWS_PROFILE"] = awsProfile,
        };
        foreach (var service in new[] { "SSO", "EC2", "STS", "IAM", "LAMBDA", "SAGEMAKER" })
        {
            env["AWS_ENDPOINT_URL_" + service] = fake;
        }

        return env;
    }

    private void WriteConfig(string text)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(ConfigFile)!);
        File.WriteAllText(ConfigFile, text);
    }

    /// <summary>The profile forms the AWS CLI writes with <c>aws configure sso</c>: with an sso-session, and the legacy one.</summary>
    private void WriteSsoProfile(string form)
    {
        WriteConfig(form == "sso-session"
            ? $"""
               [profile dev]
               sso_session = corp
               sso_account_id = {AccountId}
               sso_role_name = {RoleName}
               region = us-east-1

               [sso-session corp]
               sso_start_url = {StartUrl}
               sso_region = us-east-1
               sso_registration_scopes = sso:account:access
               """
            : $"""
               [profile dev]
               sso_start_url = {StartUrl}
               sso_region = us-east-1
               sso_account_id = {AccountId}
               sso_role_name = {RoleName}
               region = us-east-1
               """);
    }

    /// <summary>Writes ~/.aws/sso/cache/&lt;sha1 of session name or start URL&gt;.json as <c>aws sso login</c> does; returns the access token.</summary>
    private string WriteCachedToken(string form, DateTimeOffset expiresAt)
    {
        var token = "aoa" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(48)).TrimEnd('=');
        var key = Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(form == "sso-session" ? "corp" : StartUrl)));
        var expires = expiresAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        var cache = new Dictionary<string, string> { ["startUrl"] = StartUrl, ["region"] = "us-east-1", ["accessToken"] = token, ["expiresAt"] = expires };
        if (form == "sso-session")
        {
            cache["clientId"] = "5dJx5vzVFvTTJgq8A7xaP3VzLWVhc3QtMQ";
            cache["clientSecret"] = "eyJraWQiOiJrZXktMTU2NDAyODA5OSIsImFsZyI6IkhTMzg0In0";
            cache["registrationExpiresAt"] = DateTimeOffset.UtcNow.AddDays(80).UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
            cache["refreshToken"] = "aorvJYubGpU6i91YnH7Mfo-AT2fIVa1zCfA_Rvq9yjVKIP3onFmmykuQ7E93y2I-9Nyj-A_sVvMsGBcDDGvRsZ:MGUCMQD3";
        }

        var dir = Path.Combine(_home, ".aws", "sso", "cache");
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, key + ".json"), JsonSerializer.Serialize(cache));
        return token;
    }

    private static string ExampleRequest(string dir)
    {
        var request = Path.Combine(dir, "request.json");
        File.Copy(Path.Combine(PreflightProcess.RepositoryRoot, "src/PreflightCheck.Cli/Examples/vpc-model.request.json"), request, overwrite: true);
        return request;
    }

    /// <summary>Checks the shipped example request, AWS rules only, with a gate that never fails; returns PFC-NET-001's message.</summary>
    private async Task<(CliResult Result, string Message)> CheckRequestAsync(AwsFakeServer aws, string[] profile, string? awsProfile = null, params string[] more)
    {
        var result = await PreflightProcess.RunAsync(
            ["check", "--request", ExampleRequest(_home), .. profile, .. more, "--skip-rules", "REG", "--skip-rules", "TLS", "--format", "json", "--fail-on", "never"],
            environment: Env(aws, awsProfile));

        Assert.True(result.ExitCode == 0, result.StdErr);
        Assert.DoesNotContain("   at ", result.StdErr, StringComparison.Ordinal);
        var net = JsonDocument.Parse(result.StdOut).RootElement.GetProperty("results").EnumerateArray().First(r => r.GetProperty("ruleId").GetString() == "PFC-NET-001");
        Assert.Equal("unknown", net.GetProperty("outcome").GetString());
        var message = net.GetProperty("message").GetString()!;
        Assert.DoesNotContain('\n', message);
        return (result, message);
    }

    [Theory]
    [InlineData("sso-session", true)]
    [InlineData("legacy", false)]
    public async Task CheckModel_WhenProfileUsesSso_UsesTheRoleCredentialsFromTheCachedLogin(string form, bool viaFlag)
    {
        await using var aws = await AwsFakeServer.StartAsync("healthy");
        aws.Sso.OnlyIssuedKeys = true;
        WriteSsoProfile(form);
        var token = WriteCachedToken(form, DateTimeOffset.UtcNow.AddHours(4));
        aws.Sso.Grant(token, AccountId, RoleName, "jane.doe@example.com");
        var facts = Path.Combine(_home, "facts.json");
        string[] profile = viaFlag ? ["--profile", "dev"] : [];

        var result = await PreflightProcess.RunAsync(
            ["check", "--model", "private-registry-model", .. profile, "--skip-rules", "REG", "--skip-rules", "TLS", "--registry-address", "127.20.0.7", "--format", "json", "--save-facts", facts],
            environment: Env(aws, viaFlag ? null : "dev"));

        Assert.True(result.ExitCode is 0 or 1, result.StdErr);
        var issued = Assert.Single(aws.Sso.Issued);
        var portal = Assert.Single(aws.Calls, c => c.Service == "sso");
        Assert.Equal(("GetRoleCredentials", RoleName, AccountId), (portal.Operation, portal.Parameters["role_name"], portal.Parameters["account_id"]));
        var signed = aws.Calls.Where(c => c.Service != "sso").ToArray();
        Assert.Contains(signed, c => c.Service == "ec2");
        Assert.Contains(signed, c => c.Service == "sts" && c.Operation == "GetCallerIdentity");
        Assert.All(signed, c => Assert.Equal(issued.AccessKeyId, c.AccessKeyId));
        var savedFacts = File.ReadAllText(facts);
        Assert.Contains(issued.CallerArn, savedFacts, StringComparison.Ordinal);
        Assert.Contains($"arn:aws:iam::{AccountId}:role/AWSReservedSSO_{RoleName}_", result.StdOut, StringComparison.Ordinal);
        foreach (var secret in new[] { token, issued.SecretAccessKey, issued.SessionToken })
        {
            Assert.DoesNotContain(secret, result.StdOut + result.StdErr + savedFacts, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("sso-session", "expired", true)]
    [InlineData("sso-session", "absent", true)]
    [InlineData("legacy", "expired", true)]
    [InlineData("legacy", "absent", true)]
    [InlineData("sso-session", "expired", false)]
    public async Task CheckRequest_WhenSsoLoginExpiredOrAbsent_AwsRulesAreUnknownNamingTheProfileAndTheLogin(string form, string token, bool viaFlag)
    {
        await using var aws = await AwsFakeServer.StartAsync("healthy");
        WriteSsoProfile(form);
        var cached = token == "expired" ? WriteCachedToken(form, DateTimeOffset.UtcNow.AddHours(-2)) : null;
        string[] profile = viaFlag ? ["--profile", "dev"] : [];

        var (result, message) = await CheckRequestAsync(aws, profile, viaFlag ? null : "dev");

        Assert.Contains("AWS profile 'dev' has no valid SSO login", message, StringComparison.Ordinal);
        Assert.Contains("run aws sso login --profile dev", message, StringComparison.Ordinal);
        Assert.DoesNotContain(aws.Calls, c => c.Service != "sso");
        if (cached is not null)
        {
            Assert.DoesNotContain(cached, result.StdOut + result.StdErr, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task CheckRequest_WhenThePortalRefusesTheCachedToken_SaysToLogInAgain()
    {
        await using var aws = await AwsFakeServer.StartAsync("healthy");
        WriteSsoProfile("legacy");
        var token = WriteCachedToken("legacy", DateTimeOffset.UtcNow.AddHours(4));

        var (result, message) = await CheckRequestAsync(aws, ["--profile", "dev"]);

        Assert.Contains("run aws sso login --profile dev", message, StringComparison.Ordinal);
        Assert.Equal(1, aws.CallCount("sso", "GetRoleCredentials"));
        Assert.DoesNotContain(token, result.StdOut + result.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckModel_WhenProfileUsesCredentialProcess_SignsWithTheKeysItPrints()
    {
        await using var aws = await AwsFakeServer.StartAsync("healthy");
        const string key = "ASIAQ3EGUHR7KJ2LMN4P";
        const string secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzPROCESSKEY";
        const string session = "FwoGZXIvYXdzEPROCESS//////////wEaDCREDENTIALPROCESSTOKEN";
        aws.Sso.OnlyIssuedKeys = true;
        aws.Sso.Accept(key, session, $"arn:aws:sts::{AccountId}:assumed-role/ci-deployer/credential-helper");
        var script = Path.Combine(_home, "print-credentials.sh");
        File.WriteAllText(script, $$"""
            #!/bin/sh
            cat <<EOF
            {"Version": 1, "AccessKeyId": "{{key}}", "SecretAccessKey": "{{secret}}", "SessionToken": "{{session}}", "Expiration": "{{DateTimeOffset.UtcNow.AddHours(1).UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)}}"}
            EOF
            """);
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        WriteConfig($"""
            [profile helper]
            credential_process = {script} --account {AccountId}
            region = us-east-1
            """);

        var result = await PreflightProcess.RunAsync(
            ["check", "--model", "private-registry-model", "--profile", "helper", "--skip-rules", "REG", "--skip-rules", "TLS", "--registry-address", "127.20.0.7", "--format", "json"],
            environment: Env(aws));

        Assert.True(result.ExitCode is 0 or 1, result.StdErr);
        Assert.Contains(aws.Calls, c => c.Service == "ec2");
        Assert.All(aws.Calls, c => Assert.Equal(key, c.AccessKeyId));
        Assert.Contains("arn:aws:iam::123456789012:role/ci-deployer", result.StdOut, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, result.StdOut + result.StdErr, StringComparison.Ordinal);
        Assert.DoesNotContain(session, result.StdOut + result.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckRequest_WhenCredentialProcessExitsNonZero_AwsRulesAreUnknownNamingTheProfile()
    {
        await using var aws = await AwsFakeServer.StartAsync("healthy");
        var script = Path.Combine(_home, "expired-helper.sh");
        File.WriteAllText(script, "#!/bin/sh\necho 'helper: your session has expired' >&2\nexit 3\n");
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        WriteConfig($"""
            [profile helper]
            credential_process = {script}
            region = us-east-1
            """);

        var (_, message) = await CheckRequestAsync(aws, ["--profile", "helper"]);

        Assert.Contains("AWS profile 'helper': credential_process failed", message, StringComparison.Ordinal);
        Assert.EndsWith("exit value 3 with the error - helper: your session has expired)", message, StringComparison.Ordinal);
        Assert.Empty(aws.Calls);
    }

    [Fact]
    public async Task CheckRequest_WhenCredentialProcessDoesNotAnswerInTime_AwsRulesAreUnknownNamingTheProfile()
    {
        await using var aws = await AwsFakeServer.StartAsync("healthy");
        WriteConfig("""
            [profile helper]
            credential_process = sleep 5
            region = us-east-1
            """);

        var (_, message) = await CheckRequestAsync(aws, ["--profile", "helper"], null, "--timeout", "1");

        Assert.Contains("AWS profile 'helper': no credentials within 1 s from credential_process", message, StringComparison.Ordinal);
    }
}
