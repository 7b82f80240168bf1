using System.Text;
using ApprovalTests;
using ApprovalTests.Reporters;
using PreflightCheck.Core.Rules;
using PreflightCheck.Rules.Image;
using static PreflightCheck.Tests.Rules.Image.ImagePlans;

namespace PreflightCheck.Tests.Rules.Image;

public sealed class ImageRuleMessagesTests
{
    [Fact]
    [UseReporter(typeof(QuietReporter))]
    public void ImageRules_WhenRunOverTypicalImages_GiveTheseFindings()
    {
        var plan = Plan(Model(
            "my-model",
            Container("pinned", PrivateByDigest, 7),
            Container("tag-and-digest", "myteam.myorg.com/docker-local/my-inference-image:1.4@" + Digest, 12),
            Container("tagged", "registry:5000/x:y", 17),
            Container("hub", "my-inference-image", 22),
            Container("hub-explicit", "docker.io/library/ubuntu:22.04", 27),
            Container("invalid", "myteam.myorg.com/docker-local/My-Image:1\n", 32),
            Container("missing", null, 37)));
        Rule[] rules = [new ReferenceValidRule(), new DigestPinnedRule(), new RegistryHostExplicitRule(), new TagWithDigestRule()];

        var text = new StringBuilder();
        foreach (var rule in rules)
        {
            foreach (var finding in Run(rule, plan))
            {
                text.Append($"{rule.Id} {finding.Model} / {finding.Target} @ {finding.Location?.Line}:{finding.Location?.Column} => {finding.Outcome}\n");
                text.Append($"  {finding.Message}\n");
                foreach (var (key, value) in (finding.Evidence ?? new Dictionary<string, string>()).OrderBy(e => e.Key, StringComparer.Ordinal))
                {
                    text.Append($"  {key}: {value}\n");
                }
            }
        }

        Approvals.Verify(text.ToString());
    }
}
