using PreflightCheck.Core.Rules;
using PreflightCheck.Rules.Network;
using static PreflightCheck.Tests.Rules.Network.AwsFactsBuilder;

namespace PreflightCheck.Tests.Rules.Network;

public partial class RegistryPathRulesTests
{
    [Covers("PFC-NET-011", Outcome.Fail)]
    [Fact]
    public void RegistryOpenToWorld_WhenPortIsOpenToEveryone_Warns()
    {
        var finding = Single(new RegistryOpenToWorldRule(), RegistryGroupIngress(TcpFromGroup(443, ModelSg), AllTraffic("::/0")));

        Assert.Equal(Outcome.Fail, finding.Outcome);
        Assert.Equal($"security group {RegistrySg} of {Host}:443", finding.Target);
        Assert.Contains("::/0", finding.Message, StringComparison.Ordinal);
    }

    [Covers("PFC-NET-011", Outcome.Pass)]
    [Fact]
    public void RegistryOpenToWorld_WhenOpenOnlyOnAnotherPort_Passes() =>
        Assert.Equal(Outcome.Pass, Single(new RegistryOpenToWorldRule(), RegistryGroupIngress(TcpFromGroup(443, ModelSg), Tcp(80, "0.0.0.0/0"))).Outcome);
}
