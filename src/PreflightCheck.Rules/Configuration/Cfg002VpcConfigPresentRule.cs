using System.Text.RegularExpressions;
using PreflightCheck.Core.Rules;

namespace PreflightCheck.Rules.Configuration;

internal sealed partial class VpcConfigPresentRule : Rule
{
    public override string Id => "PFC-CFG-002";

    public override IEnumerable<Finding> Evaluate(RuleContext context)
    {
        foreach (var model in context.Facts.Plan.Models)
        {
            var target = ModelContext.Target(model);
            var vpcContainers = model.Containers.Where(ModelContext.UsesVpcMode).Select(c => c.Name).ToArray();
            var vpc = model.VpcConfig;
            if (vpcContainers.Length == 0 && vpc is null)
            {
                yield return new Finding(Outcome.NotApplicable, model.Name, target,
                    "No container uses RepositoryAccessMode Vpc and the model has no VpcConfig.", Location: model.Location);
                continue;
            }

            if (vpc is null)
            {
                yield return new Finding(Outcome.Fail, model.Name, target,
                    $"Container(s) {string.Join(", ", vpcContainers)} pull through the VPC (RepositoryAccessMode Vpc) but model {model.Name} has no VpcConfig: add VpcConfig with the subnets and security groups from which the registry is reachable.",
                    Evidence(("vpcModeContainers", string.Join(", ", vpcContainers))), model.Location);
                continue;
            }

            var problems = new List<string>();
            CheckList(vpc.Subnets.Select(s => s.Value).ToArray(), "Subnets", 1, 16, SubnetId(), "subnet-0123456789abcdef0", problems);
            CheckList(vpc.SecurityGroupIds.Select(s => s.Value).ToArray(), "SecurityGroupIds", 1, 5, SecurityGroupId(), "sg-0123456789abcdef0", problems);
            var evidence = Evidence(
                ("subnets", string.Join(", ", vpc.Subnets.Select(s => s.Value))),
                ("securityGroupIds", string.Join(", ", vpc.SecurityGroupIds.Select(s => s.Value))));
            if (problems.Count > 0)
            {
                var location = FirstBad(vpc) ?? vpc.Location;
                yield return new Finding(Outcome.Fail, model.Name, target,
                    $"VpcConfig of model {model.Name} is not usable: {string.Join("; ", problems)}.", evidence, location);
            }
            else
            {
                yield return new Finding(Outcome.Pass, model.Name, target,
                    $"VpcConfig of model {model.Name} names {vpc.Subnets.Count} subnet(s) and {vpc.SecurityGroupIds.Count} security group(s), all well-formed.",
                    evidence, vpc.Location);
            }
        }
    }

    private static void CheckList(string[] values, string field, int min, int max, Regex pattern, string example, List<string> problems)
    {
        if (values.Length < min || values.Length > max)
        {
            problems.Add($"{field} has {values.Length} entries; CreateModel accepts {min} to {max}");
        }

        foreach (var value in values.Where(v => !pattern.IsMatch(v)))
        {
            problems.Add($"{field} entry \"{value}\" is not an id such as {example}");
        }

        foreach (var duplicate in values.GroupBy(v => v, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            problems.Add($"{field} lists \"{duplicate.Key}\" {duplicate.Count()} times");
        }
    }

    private static Core.Plan.SourceLocation? FirstBad(Core.Plan.VpcConfigPlan vpc) =>
        vpc.Subnets.FirstOrDefault(s => !SubnetId().IsMatch(s.Value))?.Location
        ?? vpc.SecurityGroupIds.FirstOrDefault(s => !SecurityGroupId().IsMatch(s.Value))?.Location;

    [GeneratedRegex("^subnet-(?:[0-9a-f]{8}|[0-9a-f]{17})$", RegexOptions.CultureInvariant)]
    private static partial Regex SubnetId();

    [GeneratedRegex("^sg-(?:[0-9a-f]{8}|[0-9a-f]{17})$", RegexOptions.CultureInvariant)]
    private static partial Regex SecurityGroupId();
}
