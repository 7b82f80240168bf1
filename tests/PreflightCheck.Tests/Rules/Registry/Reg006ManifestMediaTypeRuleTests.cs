using PreflightCheck.Core.Facts;
using PreflightCheck.Core.Rules;
using PreflightCheck.Rules.Registry;
using static PreflightCheck.Tests.Rules.Registry.RegistryFactsBuilder;

namespace PreflightCheck.Tests.Rules.Registry;

public partial class RegistryRulesTests
{
    [Covers("PFC-REG-006", Outcome.Pass, Outcome.Fail)]
    [Theory]
    [InlineData(RegistryMediaTypes.DockerManifest, Outcome.Pass)]
    [InlineData(RegistryMediaTypes.DockerManifestList, Outcome.Pass)]
    [InlineData(RegistryMediaTypes.OciManifest, Outcome.Fail)]
    [InlineData(RegistryMediaTypes.OciIndex, Outcome.Fail)]
    [InlineData(RegistryMediaTypes.DockerSchema1Signed, Outcome.Fail)]
    public void MediaType_ByType_PassesOnlyDockerSchema2(string mediaType, object expectedValue)
    {
        var expected = (Outcome)expectedValue;
        var finding = Single(new ManifestMediaTypeRule(), Snapshot(registry: RegistryOf(ImageOf(Manifest(mediaType)))));
        Assert.Equal(expected, finding.Outcome);
        Assert.Equal(mediaType, finding.Evidence!["mediaType"]);
    }
}
