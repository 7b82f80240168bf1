using System.Text.Json;
using PreflightCheck.IntegrationTests.Cli;
using PreflightCheck.IntegrationTests.Infrastructure;

namespace PreflightCheck.IntegrationTests.DockerEngine;

/// <summary><c>preflight check --pull-test</c> end to end: DOCKER_HOST names podman's socket, the pull lands in PFC-REG-005.</summary>
public sealed class PullTestCliTests(PkiFixture pki) : IClassFixture<PkiFixture>, IDisposable
{
    private readonly TempDirectory _dir = new("pull-cli");

    public void Dispose() => _dir.Dispose();

    private string WriteRequest(string image)
    {
        var path = _dir.Combine("request.json");
        File.WriteAllText(path, JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["ModelName"] = "vpc-model",
            ["ExecutionRoleArn"] = "arn:aws:iam::123456789012:role/SageMakerExecutionRole",
            ["PrimaryContainer"] = new Dictionary<string, object>
            {
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

    private async Task<(JsonElement Result, string Facts, CliResult Run)> CheckAsync(RegistryServer registry, string image, string dockerHost)
    {
        var report = _dir.Combine("report.json");
        var facts = _dir.Combine("facts.json");
        var run = await PreflightProcess.RunAsync(
            ["check", "--request", WriteRequest(image), "--region", "us-east-1", "--rules", "PFC-REG-005", "--pull-test",
             "--registry-ca", registry.RootCaPath!, "--registry-username", registry.Username, "--registry-password-stdin", "--timeout", "10",
             "--save-facts", facts, "--format", "json", "--output", report],
            stdin: registry.Password + "\n",
            environment: new Dictionary<string, string?> { ["DOCKER_HOST"] = dockerHost },
            timeout: TimeSpan.FromSeconds(90));
        using var document = JsonDocument.Parse(File.ReadAllText(report));
        var result = document.RootElement.GetProperty("results").EnumerateArray().Single(r => r.GetProperty("ruleId").GetString() == "PFC-REG-005").Clone();
        return (result, File.ReadAllText(facts), run);
    }

    [Fact]
    public async Task Check_WithPullTestThroughPodman_Reg005CarriesTheSuccessAndNoSecret()
    {
        await using var registry = await RegistryServer.StartAsync(new RegistryOptions { Certificates = pki.Certificates, Auth = RegistryAuth.Basic });
        using var layout = TestImages.WriteSingle(ImageSpec.Amd64);
        var pushed = await TestImages.PushAsync(layout, registry, "team/model", "v1", PushFormat.DockerV2S2);
        await using var podman = await PodmanService.StartAsync([registry.HostPort]);

        var (result, facts, run) = await CheckAsync(registry, $"{registry.HostPort}/team/model@{pushed.Digest}", podman.Endpoint);

        Assert.True(result.GetProperty("outcome").GetString() == "pass", result.ToString() + run.StdErr);
        Assert.Matches("^succeeded in [0-9]+ ms$", result.GetProperty("evidence").GetProperty("pullTest").GetString()!);
        Assert.Contains("\"pullTests\"", facts, StringComparison.Ordinal);
        Assert.Contains(podman.Endpoint, facts, StringComparison.Ordinal);
        Assert.DoesNotContain(registry.Password, facts + result + run.StdOut + run.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_WithPullTestAndNoDaemon_Reg005KeepsItsVerdictAndSaysWhy()
    {
        await using var registry = await RegistryServer.StartAsync(new RegistryOptions { Certificates = pki.Certificates, Auth = RegistryAuth.Basic });
        using var layout = TestImages.WriteSingle(ImageSpec.Amd64);
        var pushed = await TestImages.PushAsync(layout, registry, "team/model", "v1", PushFormat.DockerV2S2);
        var missing = "unix://" + _dir.Combine("no-daemon.sock");

        var (result, facts, run) = await CheckAsync(registry, $"{registry.HostPort}/team/model@{pushed.Digest}", missing);

        Assert.True(result.GetProperty("outcome").GetString() == "pass", result.ToString() + run.StdErr);
        Assert.StartsWith($"not completed (Unreachable): cannot reach the Docker Engine at {missing}", result.GetProperty("evidence").GetProperty("pullTest").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(registry.Password, facts + result + run.StdOut + run.StdErr, StringComparison.Ordinal);
    }
}
