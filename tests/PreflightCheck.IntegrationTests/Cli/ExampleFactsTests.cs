using System.Text.Json;
using ApprovalTests;
using ApprovalTests.Reporters;
using PreflightCheck.IntegrationTests.AwsFake;
using PreflightCheck.IntegrationTests.Infrastructure;

namespace PreflightCheck.IntegrationTests.Cli;

/// <summary>
/// The README's first command replays a facts file recorded from a real run: docker-registry with a private CA and Basic
/// auth, the AWS fake's healthy account, the Lambda's credentials. These tests keep that recording honest.
/// Set PREFLIGHT_REGENERATE_EXAMPLE=1 to record it anew.
/// </summary>
[UseReporter(typeof(QuietReporter))]
public sealed class ExampleFactsTests(PkiFixture pki) : IClassFixture<PkiFixture>, IDisposable
{
    private const string Example = "src/PreflightCheck.Cli/Examples/vpc-model.facts.json";

    private readonly string _dir = Directory.CreateTempSubdirectory("preflight-example-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);


    [Fact]
    public async Task ExampleFacts_WhenRecordedAgainstRealParts_GiveTheSameOutcomes()
    {
        await using var aws = await AwsFakeServer.StartAsync("healthy");
        await using var registry = await RegistryServer.StartAsync(new RegistryOptions
        {
            Certificates = pki.Certificates, Tls = RegistryTls.FullChain, Auth = RegistryAuth.Basic,
            Address = System.Net.IPAddress.Parse("127.20.0.7"), DnsNames = ["registry.example.internal"],
            Username = "preflight", Password = "fake-registry-password-1",
        });
        using var layout = TestImages.WriteSingle(ImageSpec.Amd64);
        var pushed = await TestImages.PushAsync(layout, registry, "models/classifier", "1.0", PushFormat.DockerV2S2);
        var request = Path.Combine(_dir, "vpc-model.request.json");
        File.WriteAllText(request, $$"""
            {
              "ModelName": "vpc-model",
              "ExecutionRoleArn": "arn:aws:iam::123456789012:role/service-role/SageMakerExecution",
              "PrimaryContainer": {
                "ContainerHostname": "ModelContainer",
                "Image": "registry.example.internal:{{registry.Port}}/models/classifier@{{pushed.Digest}}",
                "ImageConfig": {
                  "RepositoryAccessMode": "Vpc",
                  "RepositoryAuthConfig": { "RepositoryCredentialsProviderArn": "arn:aws:lambda:us-east-1:123456789012:function:registry-credentials" }
                }
              },
              "VpcConfig": { "SecurityGroupIds": ["sg-0model00000000001"], "Subnets": ["subnet-0a1000000000000a1", "subnet-0a2000000000000a2"] }
            }
            """);
        var config = Path.Combine(_dir, "vpc-model.endpoint-config.json");
        File.WriteAllText(config, """{"EndpointConfigName":"vpc-model-config","ProductionVariants":[{"VariantName":"AllTraffic","ModelName":"vpc-model","InstanceType":"ml.c6g.xlarge","InitialInstanceCount":2}]}""");
        var facts = Path.Combine(_dir, "facts.json");

        var recorded = await PreflightProcess.RunAsync(
            ["check", "--request", "vpc-model.request.json", "--endpoint-config", "vpc-model.endpoint-config.json",
             "--resolve", $"registry.example.internal:{registry.Port}:127.20.0.7", "--registry-ca", registry.RootCaPath!,
             "--save-facts", facts, "--format", "json"],
            workingDirectory: _dir,
            environment: aws.ClientEnvironment().ToDictionary(kv => kv.Key, kv => (string?)kv.Value));
        Assert.True(recorded.ExitCode == 1, recorded.StdErr);
        Assert.DoesNotContain("fake-registry-password-1", File.ReadAllText(facts), StringComparison.Ordinal);

        var example = Path.Combine(PreflightProcess.RepositoryRoot, Example);
        if (Environment.GetEnvironmentVariable("PREFLIGHT_REGENERATE_EXAMPLE") == "1")
        {
            File.Copy(facts, example, overwrite: true);
        }

        var replay = await PreflightProcess.RunAsync("check", "--facts", example, "--format", "json");
        Assert.Equal(ReportJson.Outcomes(recorded.StdOut, Scrub.Ports), ReportJson.Outcomes(replay.StdOut, Scrub.Ports));
    }

    [Fact]
    public async Task ExampleFacts_WhenReplayed_ShowEveryArea()
    {
        var result = await PreflightProcess.RunAsync("check", "--facts", Example);

        Assert.True(result.ExitCode == 1, result.StdErr);
        foreach (var area in new[] { "CFG", "IMG", "REG", "TLS", "NET", "LMB", "IAM" })
        {
            Assert.Contains($"\n{area}  ", result.StdOut, StringComparison.Ordinal);
        }

        Approvals.Verify(Scrub.Version(result.StdOut));
    }
}
