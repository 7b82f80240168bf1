using PreflightCheck.Core.Rules;
using PreflightCheck.Rules.Tls;
using static PreflightCheck.Tests.Rules.Registry.RegistryFactsBuilder;

namespace PreflightCheck.Tests.Rules.Tls;

public partial class TlsRulesTests
{
    [Covers("PFC-TLS-006", Outcome.Pass, Outcome.Fail)]
    [Theory]
    [InlineData(10, 30, Outcome.Fail)]
    [InlineData(40, 30, Outcome.Pass)]
    [InlineData(40, 60, Outcome.Fail)]
    [InlineData(-2, 30, Outcome.Fail)]
    public void ExpirySoon_ByDaysLeft_UsesSetting(int daysLeft, int warningDays, object expectedValue)
    {
        var expected = (Outcome)expectedValue;
        var endpoint = Endpoint([Cert("leaf", "i", days: daysLeft, dns: [Host])]);
        var finding = Judge(new CertificateExpirySoonRule(), endpoint, new RuleSettings(warningDays));
        Assert.Equal(expected, finding.Outcome);
        Assert.Equal(warningDays.ToString(System.Globalization.CultureInfo.InvariantCulture), finding.Evidence!["warningDays"]);
    }
}
