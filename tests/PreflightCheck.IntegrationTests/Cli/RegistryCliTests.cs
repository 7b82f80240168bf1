using System.Text.Json;
using PreflightCheck.IntegrationTests.Infrastructure;

namespace PreflightCheck.IntegrationTests.Cli;

/// <summary>The CLI end to end against Debian's docker-registry: what a CI job would run.</summary>
public sealed class RegistryCliTests(PkiFixture pki) : IClassFixture<PkiFixture>, IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("preflight-cli-registry-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string WriteRequest(string image)
    {
        var path = Path.Combine(_dir, "request.json");
        File.WriteAllText(path, JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["ModelName"] = "vpc-model",
            ["ExecutionRoleArn"] = "arn:aws:iam::123456789012:role/SageMakerExecutionRole",
            ["PrimaryContainer"] = new Dictionary<string, object>
            {
                ["ContainerHostname"] = "ModelContainer",
                ["Image"] = image,
                ["ImageConfig"] = new Dictionary<string, object>
                {
                    ["RepositoryAccessMode"] = "Vpc",
                    ["RepositoryAuthConfig"] = new Dictionary<string, object> { ["RepositoryCredentialsProviderArn"] = "arn:aws:lambda:us-east-1:123456789012:function:creds" },
                },
            },
            ["VpcConfig"] = new Dictionary<string, object> { ["SecurityGroupIds"] = new[] { "sg-0123456789abcdef0" }, ["Subnets"] = new[] { "subnet-0123456789abcdef0" } },
        }));
        return path;
    }

    [Fact]
    public async Task Pin_WhenTagNamesAMultiArchIndex_PrintsTheIndexDigestAndItsPlatforms()
    {
        await using var registry = await RegistryServer.StartAsync(new RegistryOptions { Certificates = pki.Certificates, Tls = RegistryTls.FullChain, Auth = RegistryAuth.Basic });
        using var layout = TestImages.WriteMultiArch([ImageSpec.Amd64, ImageSpec.Arm64]);
        var pushed = await TestImages.PushAsync(layout, registry, "team/model", "v1");

        var result = await PreflightProcess.RunAsync(
            ["pin", $"{registry.HostPort}/team/model:v1", "--registry-ca", registry.RootCaPath!, "--registry-username", registry.Username, "--registry-password-stdin", "--timeout", "10"],
            stdin: registry.Password + "\n");

        Assert.True(result.ExitCode == 0, result.StdErr);
        var lines = result.StdOut.TrimEnd('\n').Split('\n');
        Assert.Equal($"{registry.HostPort}/team/model@{pushed.Digest}", lines[0]);
        Assert.Contains(lines, l => l.StartsWith("  linux/amd64 sha256:", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("  linux/arm64/v8 sha256:", StringComparison.Ordinal));
        Assert.DoesNotContain(registry.Password, result.StdOut + result.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pin_WhenTagDoesNotExist_SaysSoAndExitsThree()
    {
        await using var registry = await RegistryServer.StartAsync(new RegistryOptions { Certificates = pki.Certificates, Tls = RegistryTls.FullChain });

        var result = await PreflightProcess.RunAsync(["pin", $"{registry.HostPort}/team/none:v9", "--registry-ca", registry.RootCaPath!, "--timeout", "10"]);

        Assert.Equal(3, result.ExitCode);
        Assert.Single(result.StdErr.TrimEnd('\n').Split('\n'));
        Assert.StartsWith($"error: {registry.HostPort}/team/none:v9: ", result.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_WhenRegistryHasPrivateCa_FailsTls002AndNoOutputHoldsThePassword()
    {
        await using var registry = await RegistryServer.StartAsync(new RegistryOptions { Certificates = pki.Certificates, Tls = RegistryTls.FullChain, Auth = RegistryAuth.Basic });
        using var layout = TestImages.WriteSingle(ImageSpec.Amd64);
        var pushed = await TestImages.PushAsync(layout, registry, "team/model", "v1", PushFormat.DockerV2S2);
        var request = WriteRequest($"{registry.HostPort}/team/model@{pushed.Digest}");
        var facts = Path.Combine(_dir, "facts.json");
        var outputs = new[] { "json", "sarif", "junit", "markdown" }.Select(f => (Format: f, Path: Path.Combine(_dir, "report." + f))).ToArray();
        var args = new List<string> { "check", "--request", request, "--region", "us-east-1", "--registry-ca", registry.RootCaPath!, "--registry-username", registry.Username, "--registry-password-stdin", "--save-facts", facts, "--format", "console" };
        foreach (var (format, path) in outputs)
        {
            args.AddRange(["--format", format, "--output", path]);
        }

        var result = await PreflightProcess.RunAsync(args, stdin: registry.Password + "\n");

        Assert.True(result.ExitCode == 1, result.StdErr + result.StdOut);
        var outcomes = ReportJson.Outcomes(File.ReadAllText(outputs[0].Path));
        Assert.Equal("fail", outcomes.Single(o => o.Key.StartsWith("PFC-TLS-002", StringComparison.Ordinal)).Value);
        Assert.Equal("pass", outcomes["PFC-REG-002 container ModelContainer"]);
        Assert.Equal("pass", outcomes["PFC-REG-004 container ModelContainer"]);
        Assert.Equal("pass", outcomes["PFC-REG-005 container ModelContainer"]);
        var everything = string.Concat(outputs.Select(o => File.ReadAllText(o.Path))) + File.ReadAllText(facts) + result.StdOut + result.StdErr;
        Assert.DoesNotContain(registry.Password, everything, StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{registry.Username}:{registry.Password}")), everything, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"(?i)authorization:\s*(basic|bearer)\s+[A-Za-z0-9+/=._-]{8,}", everything);
        Assert.DoesNotContain("Bearer ey", everything, StringComparison.Ordinal);

        var replay = await PreflightProcess.RunAsync("check", "--facts", facts, "--format", "json");
        Assert.Equal(File.ReadAllText(outputs[0].Path), replay.StdOut);
    }

    private static List<(string RuleId, string Target, string Outcome, string Message)> Results(string json)
    {
        using var report = JsonDocument.Parse(json);
        return report.RootElement.GetProperty("results").EnumerateArray()
            .Select(r => (r.GetProperty("ruleId").GetString()!, r.GetProperty("target").GetString()!, r.GetProperty("outcome").GetString()!, r.GetProperty("message").GetString()!))
            .ToList();
    }

    private async Task<(RegistryServer Registry, string Request)> PrivateCaRegistryAsync(RegistryTls tls = RegistryTls.FullChain, RegistryAuth auth = RegistryAuth.Basic)
    {
        var registry = await RegistryServer.StartAsync(new RegistryOptions { Certificates = pki.Certificates, Tls = tls, Auth = auth });
        using var layout = TestImages.WriteSingle(ImageSpec.Amd64);
        var pushed = await TestImages.PushAsync(layout, registry, "team/model", "v1", PushFormat.DockerV2S2);
        return (registry, WriteRequest($"{registry.HostPort}/team/model@{pushed.Digest}"));
    }

    private static string[] CheckArgs(string request, params string[] more) =>
        ["check", "--request", request, "--region", "us-east-1", "--rules", "REG", "--rules", "TLS", "--format", "json", "--timeout", "10", .. more];

    [Fact]
    public async Task Check_WhenPrivateCaIsGivenOnlyAsPublicRoots_RegistryRulesGiveRealVerdicts()
    {
        var (registry, request) = await PrivateCaRegistryAsync();
        await using var _ = registry;

        var result = await PreflightProcess.RunAsync(
            CheckArgs(request, "--public-roots", registry.RootCaPath!, "--registry-username", registry.Username, "--registry-password-stdin"),
            stdin: registry.Password + "\n");

        Assert.True(result.ExitCode is 0 or 3, result.StdErr + result.StdOut);
        var results = Results(result.StdOut);
        Assert.Equal("pass", results.Single(r => r.RuleId == "PFC-TLS-002").Outcome);
        foreach (var id in new[] { "PFC-REG-002", "PFC-REG-003", "PFC-REG-004", "PFC-REG-005", "PFC-REG-006", "PFC-REG-008", "PFC-REG-009" })
        {
            var r = results.Single(x => x.RuleId == id);
            Assert.True(r.Outcome == "pass", $"{id}: {r.Outcome}: {r.Message}");
        }

        Assert.DoesNotContain(results, r => r.Outcome == "fail");
        using var report = JsonDocument.Parse(result.StdOut);
        var roots = report.RootElement.GetProperty("tool").GetProperty("publicRoots");
        Assert.Equal(1, roots.GetProperty("count").GetInt32());
        Assert.Equal(registry.RootCaPath, roots.GetProperty("source").GetString());
    }

    [Fact]
    public async Task Check_WhenNeitherRootOptionIsGivenAndTheMachineTrustsTheCa_Tls002FailsAndRegistryRulesAreUnknownNamingIt()
    {
        var (registry, request) = await PrivateCaRegistryAsync();
        await using var _ = registry;

        // SSL_CERT_FILE is how OpenSSL (and so .NET on Linux) takes a machine root: a corporate root on the CI runner.
        var result = await PreflightProcess.RunAsync(
            CheckArgs(request, "--registry-username", registry.Username, "--registry-password-stdin"),
            stdin: registry.Password + "\n",
            environment: new Dictionary<string, string?> { ["SSL_CERT_FILE"] = registry.RootCaPath });

        Assert.True(result.ExitCode == 1, result.StdErr + result.StdOut);
        var results = Results(result.StdOut);
        Assert.Equal("fail", results.Single(r => r.RuleId == "PFC-TLS-002").Outcome);
        Assert.Equal("pass", results.Single(r => r.RuleId == "PFC-TLS-001").Outcome);
        Assert.Equal("pass", results.Single(r => r.RuleId == "PFC-REG-001").Outcome);
        Assert.DoesNotContain(results, r => r.RuleId.StartsWith("PFC-REG-", StringComparison.Ordinal) && r.Outcome is "fail" or "pass" && r.RuleId != "PFC-REG-001");
        foreach (var id in new[] { "PFC-REG-002", "PFC-REG-003", "PFC-REG-004", "PFC-REG-005", "PFC-REG-006", "PFC-REG-008", "PFC-REG-009" })
        {
            var r = results.Single(x => x.RuleId == id);
            Assert.Equal("unknown", r.Outcome);
            Assert.Contains("PFC-TLS-002", r.Message, StringComparison.Ordinal);
            Assert.Contains("--registry-ca FILE", r.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Check_WhenRegistrySpeaksPlainHttp_TakesThePlainPath()
    {
        var (registry, request) = await PrivateCaRegistryAsync(RegistryTls.PlainHttp, RegistryAuth.Anonymous);
        await using var _ = registry;

        var result = await PreflightProcess.RunAsync(CheckArgs(request));

        Assert.True(result.ExitCode == 1, result.StdErr + result.StdOut);
        var results = Results(result.StdOut);
        Assert.Equal("fail", results.Single(r => r.RuleId == "PFC-TLS-001").Outcome);
        Assert.Equal("notApplicable", results.Single(r => r.RuleId == "PFC-TLS-002").Outcome);
        var v2 = results.Single(r => r.RuleId == "PFC-REG-002");
        Assert.True(v2.Outcome == "pass", v2.Message);
        Assert.Equal("pass", results.Single(r => r.RuleId == "PFC-REG-005").Outcome);
    }

    [Fact]
    public async Task Check_WhenUsrShareCaCertificatesIsHidden_GivesTheSameTlsVerdicts()
    {
        var (registry, request) = await PrivateCaRegistryAsync(auth: RegistryAuth.Anonymous);
        await using var _ = registry;
        var args = CheckArgs(request, "--registry-ca", registry.RootCaPath!);

        var normal = await PreflightProcess.RunAsync(args);
        // A slim container or another OS: the folder Debian fills does not exist (an empty tmpfs over it, in a private mount namespace).
        var hidden = await PreflightProcess.RunUnderAsync(
            ["unshare", "-m", "sh", "-c", "mount -t tmpfs tmpfs /usr/share/ca-certificates && test -z \"$(ls /usr/share/ca-certificates)\" && exec \"$0\" \"$@\"", "dotnet"], args);

        Assert.True(normal.ExitCode == 1, normal.StdErr + normal.StdOut);
        Assert.True(hidden.ExitCode == 1, hidden.StdErr + hidden.StdOut);
        var tls = (CliResult r) => Results(r.StdOut).Where(x => x.RuleId.StartsWith("PFC-TLS-", StringComparison.Ordinal)).Select(x => (x.RuleId, x.Target, x.Outcome)).ToList();
        Assert.Equal(8, tls(normal).Count);
        Assert.Equal(tls(normal), tls(hidden));
        Assert.Equal("fail", tls(hidden).Single(x => x.RuleId == "PFC-TLS-002").Outcome);
        Assert.All(tls(hidden).Where(x => x.RuleId is "PFC-TLS-001" or "PFC-TLS-004" or "PFC-TLS-005"), x => Assert.Equal("pass", x.Outcome));
    }

    [Fact]
    public async Task Check_WhenPublicRootsFileIsEmpty_ExitsTwoNamingTheFile()
    {
        var empty = Path.Combine(_dir, "roots.pem");
        File.WriteAllText(empty, "");
        var request = WriteRequest("127.0.0.1:5000/team/model@sha256:" + new string('a', 64));

        var result = await PreflightProcess.RunAsync(CheckArgs(request, "--public-roots", empty));

        Assert.Equal(2, result.ExitCode);
        Assert.Equal($"error: {empty}: --public-roots holds no PEM certificate (an empty set trusts nothing)\n", result.StdErr);
    }

    [Fact]
    public async Task Pin_WhenPrivateCaIsGivenAsPublicRoots_PrintsTheDigest()
    {
        var (registry, _) = await PrivateCaRegistryAsync(auth: RegistryAuth.Anonymous);
        await using var __ = registry;

        var result = await PreflightProcess.RunAsync(["pin", $"{registry.HostPort}/team/model:v1", "--public-roots", registry.RootCaPath!, "--timeout", "10"]);

        Assert.True(result.ExitCode == 0, result.StdErr);
        Assert.StartsWith($"{registry.HostPort}/team/model@sha256:", result.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pin_WhenTheCertificateIsNotTrusted_ExitsThreeNamingTls002AndRegistryCa()
    {
        var (registry, _) = await PrivateCaRegistryAsync(auth: RegistryAuth.Anonymous);
        await using var __ = registry;

        var result = await PreflightProcess.RunAsync(["pin", $"{registry.HostPort}/team/model:v1", "--timeout", "10"]);

        Assert.Equal(3, result.ExitCode);
        Assert.Single(result.StdErr.TrimEnd('\n').Split('\n'));
        Assert.Contains("PFC-TLS-002", result.StdErr, StringComparison.Ordinal);
        Assert.Contains("--registry-ca FILE", result.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pin_WhenGivenPullTest_IsAUsageError()
    {
        var result = await PreflightProcess.RunAsync(["pin", "127.0.0.1:5000/team/model:v1", "--pull-test"]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("pull-test", result.StdErr, StringComparison.Ordinal);
    }
}
