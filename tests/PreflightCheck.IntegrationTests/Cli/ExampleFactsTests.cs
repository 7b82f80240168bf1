using System.Text.Json;
using System.Text.RegularExpressions;
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
    private const string Request = "src/PreflightCheck.Cli/Examples/vpc-model.request.json";
    private const string EndpointConfig = "src/PreflightCheck.Cli/Examples/vpc-model.endpoint-config.json";
    private const string RegistryHost = "registry.example.internal";
    private const string RegistryAddress = "127.20.0.7";
    private const int RegistryPort = 5000;

    private readonly string _dir = Directory.CreateTempSubdirectory("preflight-example-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);


    [Fact]
    public async Task ExampleFacts_WhenRecordedAgainstRealParts_GiveTheSameOutcomes()
    {
        await using var aws = await AwsFakeServer.StartAsync("healthy");
        // The shipped request names registry.example.internal:5000, so the registry listens there (on the address the
        // healthy account's registry interface holds) and the recording checks the shipped files themselves.
        await using var registry = await RegistryServer.StartAsync(new RegistryOptions
        {
            Certificates = pki.Certificates, Tls = RegistryTls.FullChain, Auth = RegistryAuth.Basic,
            Address = System.Net.IPAddress.Parse(RegistryAddress), Port = RegistryPort, DnsNames = [RegistryHost],
            Username = "preflight", Password = "fake-registry-password-1",
        });
        using var layout = TestImages.WriteSingle(ImageSpec.Amd64);
        await TestImages.PushAsync(layout, registry, "docker-local/my-inference-image", "1.4.2", PushFormat.DockerV2S2);
        foreach (var file in new[] { Request, EndpointConfig })
        {
            File.Copy(Path.Combine(PreflightProcess.RepositoryRoot, file), Path.Combine(_dir, Path.GetFileName(file)));
        }

        var facts = Path.Combine(_dir, "facts.json");
        var recorded = await PreflightProcess.RunAsync(
            ["check", "--request", "vpc-model.request.json", "--endpoint-config", "vpc-model.endpoint-config.json",
             "--resolve", $"{RegistryHost}:{RegistryPort}:{RegistryAddress}", "--registry-ca", registry.RootCaPath!,
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

    [Fact]
    public void ExampleFacts_WhenComparedWithTheExampleRequest_NameTheSameRegistryAndIds()
    {
        using var request = JsonDocument.Parse(File.ReadAllText(Path.Combine(PreflightProcess.RepositoryRoot, Request)));
        using var facts = JsonDocument.Parse(File.ReadAllText(Path.Combine(PreflightProcess.RepositoryRoot, Example)));
        var image = request.RootElement.GetProperty("PrimaryContainer").GetProperty("Image").GetString()!;
        var hostPort = image[..image.IndexOf('/', StringComparison.Ordinal)];
        var vpc = request.RootElement.GetProperty("VpcConfig");
        var model = facts.RootElement.GetProperty("plan").GetProperty("models")[0];

        Assert.Equal(image, model.GetProperty("containers")[0].GetProperty("image").GetProperty("value").GetString());
        Assert.Equal([hostPort], facts.RootElement.GetProperty("registries").EnumerateArray().Select(r => r.GetProperty("display").GetString()));
        Assert.Equal([$"https://{hostPort}"], facts.RootElement.GetProperty("tlsEndpoints").EnumerateArray().Select(t => t.GetProperty("url").GetString()));
        Assert.Equal(Values(vpc.GetProperty("SecurityGroupIds")), Values(model.GetProperty("vpcConfig").GetProperty("securityGroupIds"), "value"));
        Assert.Equal(Values(vpc.GetProperty("Subnets")), Values(model.GetProperty("vpcConfig").GetProperty("subnets"), "value"));
        Assert.Equal(request.RootElement.GetProperty("ExecutionRoleArn").GetString(), model.GetProperty("executionRoleArn").GetProperty("value").GetString());
    }

    [Fact]
    public void ExampleFacts_WhenSearchedForEc2Ids_HoldOnlyIdsShapedAsEc2GivesThem()
    {
        var text = File.ReadAllText(Path.Combine(PreflightProcess.RepositoryRoot, Example)) + File.ReadAllText(Path.Combine(PreflightProcess.RepositoryRoot, Request));
        var ids = Regex.Matches(text, @"\b(?:sg|subnet|vpc|vpce|eni|rtb|acl|igw|nat|pcx|dopt|i)-0[0-9A-Za-z]*\b").Select(m => m.Value).Distinct().ToArray();

        Assert.Contains("sg-0a1000000000000b1", ids);
        Assert.Contains(ids, id => id.StartsWith("eni-", StringComparison.Ordinal));
        Assert.All(ids, id => Assert.Matches(@"^[a-z]+-0[0-9a-f]{16}$", id));
    }

    [Fact]
    public async Task Readme_WhenItsFirstCommandRuns_ExitsAndShowsWhatTheReadmeSays()
    {
        var readme = File.ReadAllText(Path.Combine(PreflightProcess.RepositoryRoot, "README.md")).Replace("\r\n", "\n", StringComparison.Ordinal);
        var tryIt = readme[readme.IndexOf("## Try it", StringComparison.Ordinal)..readme.IndexOf("## Usage", StringComparison.Ordinal)];
        var command = tryIt.Split('\n').First(l => l.StartsWith("dotnet ", StringComparison.Ordinal));
        const string Run = "dotnet run --project src/PreflightCheck.Cli -c Release -- ";
        Assert.StartsWith(Run, command, StringComparison.Ordinal);
        var documentedExit = int.Parse(Regex.Match(tryIt, @"The first command exits (\d)").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        var args = command[Run.Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);

        var console = await PreflightProcess.RunAsync(args);
        var json = await PreflightProcess.RunAsync([.. args, "--format", "json"]);

        Assert.True(console.ExitCode == documentedExit, console.StdErr);
        Assert.Equal(documentedExit, json.ExitCode);
        Assert.Contains("\n3 failed, 1 unknown, 0 error, ", console.StdOut, StringComparison.Ordinal);
        using var report = JsonDocument.Parse(json.StdOut);
        var attention = report.RootElement.GetProperty("results").EnumerateArray()
            .Where(r => r.GetProperty("outcome").GetString() is "fail" or "unknown" or "error")
            .Select(r => (Id: r.GetProperty("ruleId").GetString()!, Outcome: r.GetProperty("outcome").GetString()!))
            .ToArray();
        var mentioned = Regex.Matches(tryIt, @"^- (PFC-[A-Z]+-\d{3}) (fails|is `unknown`)", RegexOptions.Multiline)
            .Select(m => (Id: m.Groups[1].Value, Outcome: m.Groups[2].Value == "fails" ? "fail" : "unknown"))
            .ToArray();
        Assert.Equal(mentioned.Order(), attention.Order());
    }

    private static string?[] Values(JsonElement array, string? property = null) =>
        array.EnumerateArray().Select(e => property is null ? e.GetString() : e.GetProperty(property).GetString()).ToArray();
}
