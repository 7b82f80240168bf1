using PreflightCheck.Inputs;
using PreflightCheck.Core.Facts;
using PreflightCheck.Core.Rules;
using PreflightCheck.Rules.Registry;
using static PreflightCheck.Tests.Rules.Registry.RegistryFactsBuilder;

namespace PreflightCheck.Tests.Rules.Registry;

public class ManifestPullTestTests
{
    private const string Engine = "unix:///var/run/docker.sock";

    private static PullTestFacts Pull(CollectionStatus status, string? message, long ms = 842, string container = "Primary") =>
        new("vpc-model", container, $"{Host}:5000/team/model@{Digest}", status, message, ms, Engine);

    private static Finding Judge(FactsSnapshot facts) => Single(new ManifestExistsRule(), facts);

    [Fact]
    public void ManifestExists_WhenPullSucceeded_PassesWithDuration()
    {
        var finding = Judge(Snapshot() with { PullTests = [Pull(CollectionStatus.Ok, "Status: Downloaded newer image", 842)] });

        Assert.Equal(Outcome.Pass, finding.Outcome);
        Assert.Equal("succeeded in 842 ms", finding.Evidence!["pullTest"]);
        Assert.DoesNotContain("pull test", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ManifestExists_WhenDaemonRefusedWhileManifestPassed_FailsQuotingTheDaemon()
    {
        const string daemon = "Head \"https://registry.example.com:5000/v2/team/model/manifests/sha256:abc\": no basic auth credentials";
        var finding = Judge(Snapshot() with { PullTests = [Pull(CollectionStatus.Invalid, daemon)] });

        Assert.Equal(Outcome.Fail, finding.Outcome);
        Assert.EndsWith(" The Docker Engine pull test failed: " + daemon, finding.Message, StringComparison.Ordinal);
        Assert.StartsWith("Manifest ", finding.Message, StringComparison.Ordinal);
        Assert.Equal(daemon, finding.Evidence!["pullTest"]);
        Assert.Equal(Digest, finding.Evidence["computedDigest"]);
    }

    [Fact]
    public void ManifestExists_WhenManifestMissingAndPullFailed_StaysTheManifestFailure()
    {
        var manifest = Manifest() with { Status = CollectionStatus.NotFound, StatusCode = 404, ComputedDigest = null, DigestMatches = false };
        var facts = Snapshot(registry: RegistryOf(ImageOf(manifest))) with { PullTests = [Pull(CollectionStatus.Invalid, "manifest unknown")] };
        var finding = Judge(facts);

        Assert.Equal(Outcome.Fail, finding.Outcome);
        Assert.DoesNotContain("pull test failed", finding.Message, StringComparison.Ordinal);
        Assert.Equal("manifest unknown", finding.Evidence!["pullTest"]);
    }

    [Theory]
    [InlineData(CollectionStatus.Unreachable, "cannot reach the Docker Engine at unix:///var/run/docker.sock: No such file or directory")]
    [InlineData(CollectionStatus.Timeout, "the pull did not finish within 120 s")]
    public void ManifestExists_WhenPullDidNotComplete_PassesWithTheReasonAsEvidence(object statusValue, string message)
    {
        var status = (CollectionStatus)statusValue;
        var finding = Judge(Snapshot() with { PullTests = [Pull(status, message)] });

        Assert.Equal(Outcome.Pass, finding.Outcome);
        Assert.Equal($"not completed ({status}): {message}", finding.Evidence!["pullTest"]);
    }

    [Fact]
    public void ManifestExists_WhenNoPullTestRan_HasNoPullEvidence()
    {
        var finding = Judge(Snapshot());

        Assert.Equal(Outcome.Pass, finding.Outcome);
        Assert.False(finding.Evidence!.ContainsKey("pullTest"));
    }

    [Fact]
    public void ManifestExists_WhenPullBelongsToAnotherContainer_IgnoresIt()
    {
        var finding = Judge(Snapshot() with { PullTests = [Pull(CollectionStatus.Invalid, "denied", container: "Other")] });

        Assert.Equal(Outcome.Pass, finding.Outcome);
        Assert.False(finding.Evidence!.ContainsKey("pullTest"));
    }

    [Fact]
    public void ManifestExists_WhenManifestNotFetched_StillShowsThePull()
    {
        var image = ImageOf() with { Manifest = null, Auth = new RegistryAuthResult(PullAccess.Denied, AuthScheme.Basic, 401, null, "401 with these credentials") };
        var finding = Judge(Snapshot(registry: RegistryOf(image)) with { PullTests = [Pull(CollectionStatus.Invalid, "unauthorized: authentication required")] });

        Assert.Equal(Outcome.Unknown, finding.Outcome);
        Assert.Equal("unauthorized: authentication required", finding.Evidence!["pullTest"]);
    }

    [Fact]
    public void PullTestFacts_WhenSaved_RoundTripsThroughFactsJson()
    {
        var facts = Snapshot() with { PullTests = [Pull(CollectionStatus.Invalid, "denied: requested access to the resource is denied")] };
        var path = Path.Combine(Path.GetTempPath(), $"pfc-pull-{Guid.NewGuid():N}.json");
        try
        {
            File.WriteAllText(path, FactsJson.Serialize(facts));
            var loaded = FactsFile.Load(path);
            Assert.Equal(facts.PullTests, loaded.PullTests);
            Assert.Contains("\"pullTests\"", File.ReadAllText(path), StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void FactsJson_WhenFileHasNoPullTests_LoadsAnEmptyListAndReg005StillJudges()
    {
        var json = System.Text.Json.Nodes.JsonNode.Parse(FactsJson.Serialize(Snapshot()))!.AsObject();
        Assert.True(json.Remove("pullTests"));
        var path = Path.Combine(Path.GetTempPath(), $"pfc-pull-{Guid.NewGuid():N}.json");
        try
        {
            File.WriteAllText(path, json.ToJsonString());
            var loaded = FactsFile.Load(path);
            Assert.Empty(loaded.PullTests);
            Assert.Equal(Outcome.Pass, Judge(loaded).Outcome);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
