using PreflightCheck.Core.Facts;
using PreflightCheck.Core.Rules;
using PreflightCheck.Rules.Registry;
using static PreflightCheck.Tests.Rules.Registry.RegistryFactsBuilder;

namespace PreflightCheck.Tests.Rules.Registry;

public partial class RegistryRulesTests
{
    [Covers("PFC-REG-005", Outcome.Fail)]
    [Fact]
    public void Manifest_WhenNotFound_Fails()
    {
        var manifest = Manifest() with { Status = CollectionStatus.NotFound, StatusCode = 404, ComputedDigest = null, DigestMatches = false };
        Assert.Equal(Outcome.Fail, Single(new ManifestExistsRule(), Snapshot(registry: RegistryOf(ImageOf(manifest)))).Outcome);
    }

    [Covers("PFC-REG-005", Outcome.Fail)]
    [Fact]
    public void Manifest_WhenBytesDoNotHashToDigest_Fails()
    {
        var manifest = Manifest() with { Status = CollectionStatus.Invalid, ComputedDigest = "sha256:" + new string('f', 64), DigestMatches = false };
        var finding = Single(new ManifestExistsRule(), Snapshot(registry: RegistryOf(ImageOf(manifest))));
        Assert.Equal(Outcome.Fail, finding.Outcome);
        Assert.Contains("hashes to sha256:fff", finding.Message, StringComparison.Ordinal);
    }

    [Covers("PFC-REG-005", Outcome.Unknown)]
    [Fact]
    public void Manifest_WhenNotFetched_IsUnknown()
    {
        var image = ImageOf() with { Manifest = null, Auth = new RegistryAuthResult(PullAccess.Denied, AuthScheme.Basic, 401, null, "401 with these credentials") };
        Assert.Equal(Outcome.Unknown, Single(new ManifestExistsRule(), Snapshot(registry: RegistryOf(image))).Outcome);
    }

    [Covers("PFC-REG-005", Outcome.Pass)]
    [Fact]
    public void Manifest_WhenFetchedAndDigestMatches_Passes() =>
        Assert.Equal(Outcome.Pass, Single(new ManifestExistsRule(), Snapshot(registry: RegistryOf(ImageOf()))).Outcome);
}
