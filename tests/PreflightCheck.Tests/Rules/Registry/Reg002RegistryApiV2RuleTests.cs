using PreflightCheck.Core.Facts;
using PreflightCheck.Core.Rules;
using PreflightCheck.Rules.Registry;
using static PreflightCheck.Tests.Rules.Registry.RegistryFactsBuilder;

namespace PreflightCheck.Tests.Rules.Registry;

public partial class RegistryRulesTests
{
    [Covers("PFC-REG-002", Outcome.Pass, Outcome.Fail)]
    [Theory]
    [InlineData(200, "application/json", "registry/2.0", Outcome.Pass)]
    [InlineData(401, "application/json", null, Outcome.Pass)]
    [InlineData(404, "text/plain", null, Outcome.Fail)]
    [InlineData(200, "text/html; charset=utf-8", null, Outcome.Fail)]
    public void ApiV2_ByStatus_JudgesTheAnswer(int status, string contentType, string? version, object expectedValue)
    {
        var expected = (Outcome)expectedValue;
        var api = new RegistryApiProbe(CollectionStatus.Ok, "https", status, version, contentType, null);
        Assert.Equal(expected, Single(new RegistryApiV2Rule(), Snapshot(registry: RegistryOf(api: api))).Outcome);
    }

    [Covers("PFC-REG-002", Outcome.Unknown)]
    [Fact]
    public void ApiV2_WhenRegistryHangs_IsUnknownWithTimeout()
    {
        var api = new RegistryApiProbe(CollectionStatus.Timeout, "https", null, null, null, null, "no answer within 10 s");
        var finding = Single(new RegistryApiV2Rule(), Snapshot(registry: RegistryOf(api: api)));
        Assert.Equal(Outcome.Unknown, finding.Outcome);
        Assert.Contains("no answer within 10 s", finding.Message, StringComparison.Ordinal);
    }
}
