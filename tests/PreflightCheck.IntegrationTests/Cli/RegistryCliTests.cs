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
}
