using Microsoft.AspNetCore.Http;

namespace PreflightCheck.IntegrationTests.AwsFake;

/// <summary>IAM query/XML: documents come back percent-encoded as IAM sends them; the simulator evaluates the scenario's policies.</summary>
internal sealed class IamHandler(Scenario s) : QueryXmlHandler("https://iam.amazonaws.com/doc/2010-05-08/")
{
    private static readonly DateTimeOffset Created = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public override AwsError FaultError(string kind, string operation) => kind switch
    {
        "accessDenied" => new AwsError(403, "AccessDenied", $"User: {s.Caller.Arn ?? "arn:aws:iam::" + s.AccountId + ":user/preflight"} is not authorized to perform: iam:{operation} because no identity-based policy allows the iam:{operation} action"),
        "throttle" => new AwsError(400, "Throttling", "Rate exceeded"),
        "serverError" => new AwsError(500, "ServiceFailure", "An internal error occurred."),
        "expiredToken" => new AwsError(403, "ExpiredToken", "The security token included in the request is expired"),
        _ => new AwsError(400, kind, "Injected fault"),
    };

    public override Task ExecuteAsync(HttpContext context, AwsRequest r)
    {
        object?[] result = r.Operation switch
        {
            "GetRole" => GetRole(r),
            "ListAttachedRolePolicies" => [E("AttachedPolicies", Role(r.Require("RoleName")).AttachedPolicies.Select(a => E("member", E("PolicyName", a[(a.LastIndexOf('/') + 1)..]), E("PolicyArn", a)))), E("IsTruncated", false)],
            "ListRolePolicies" => [E("PolicyNames", Role(r.Require("RoleName")).InlinePolicies.Keys.Select(k => E("member", k))), E("IsTruncated", false)],
            "GetRolePolicy" => GetRolePolicy(r),
            "GetPolicy" => GetPolicy(r),
            "GetPolicyVersion" => GetPolicyVersion(r),
            "SimulatePrincipalPolicy" => Simulate(r),
            _ => throw new AwsError(400, "InvalidAction", $"Could not find operation {r.Operation} for version 2010-05-08"),
        };
        return WriteResultAsync(context, r, result);
    }

    private PrincipalSpec Role(string name) =>
        s.Roles.FirstOrDefault(x => x.Name == name) ?? throw new AwsError(404, "NoSuchEntity", $"The role with name {name} cannot be found.");

    private ManagedPolicySpec Policy(string arn) =>
        s.ManagedPolicies.FirstOrDefault(p => p.Arn == arn) ?? throw new AwsError(404, "NoSuchEntity", $"Policy {arn} does not exist or is not attachable.");

    private object?[] GetRole(AwsRequest r)
    {
        var role = Role(r.Require("RoleName"));
        return
        [
            E("Role",
                E("Path", role.Path), E("RoleName", role.Name), E("RoleId", "AROAFAKE" + role.Name.ToUpperInvariant().PadRight(12, 'X')[..12]),
                E("Arn", s.RoleArn(role)), E("CreateDate", Query.Iso(Created)),
                role.TrustPolicy is null ? null : E("AssumeRolePolicyDocument", Query.IamEncode(role.TrustPolicy)),
                E("MaxSessionDuration", 3600), E("RoleLastUsed")),
        ];
    }

    private object?[] GetRolePolicy(AwsRequest r)
    {
        var role = Role(r.Require("RoleName"));
        var name = r.Require("PolicyName");
        if (!role.InlinePolicies.TryGetValue(name, out var document))
        {
            throw new AwsError(404, "NoSuchEntity", $"The role policy with name {name} cannot be found.");
        }

        return [E("RoleName", role.Name), E("PolicyName", name), E("PolicyDocument", Query.IamEncode(document))];
    }

    private object?[] GetPolicy(AwsRequest r)
    {
        var policy = Policy(r.Require("PolicyArn"));
        var attachments = s.Roles.Concat(s.Users).Count(p => p.AttachedPolicies.Contains(policy.Arn));
        return
        [
            E("Policy",
                E("PolicyName", policy.Name), E("PolicyId", "ANPAFAKE" + policy.Name.ToUpperInvariant().PadRight(12, 'X')[..12]), E("Arn", policy.Arn),
                E("Path", "/"), E("DefaultVersionId", policy.VersionId), E("AttachmentCount", attachments), E("PermissionsBoundaryUsageCount", 0),
                E("IsAttachable", true), E("CreateDate", Query.Iso(Created)), E("UpdateDate", Query.Iso(Created))),
        ];
    }

    private object?[] GetPolicyVersion(AwsRequest r)
    {
        var policy = Policy(r.Require("PolicyArn"));
        var version = r.Require("VersionId");
        if (version != policy.VersionId)
        {
            throw new AwsError(404, "NoSuchEntity", $"Policy {policy.Arn} version {version} does not exist or is not attachable.");
        }

        return [E("PolicyVersion", E("Document", Query.IamEncode(policy.Document)), E("VersionId", version), E("IsDefaultVersion", true), E("CreateDate", Query.Iso(Created)))];
    }

    private IEnumerable<PolicySource> PoliciesOf(PrincipalSpec principal, string inlineType)
    {
        foreach (var arn in principal.AttachedPolicies)
        {
            var policy = s.ManagedPolicies.FirstOrDefault(p => p.Arn == arn);
            if (policy is not null)
            {
                yield return new PolicySource(policy.Name, policy.IsAwsManaged ? "aws-managed" : "user-managed", policy.Document);
            }
        }

        foreach (var (name, document) in principal.InlinePolicies)
        {
            yield return new PolicySource(name, inlineType, document);
        }
    }

    private object?[] Simulate(AwsRequest r)
    {
        var source = r.Require("PolicySourceArn");
        var parts = source.Split(':', 6);
        if (parts.Length != 6 || parts[0] != "arn" || parts[2] != "iam")
        {
            throw new AwsError(400, "InvalidInput", $"Invalid ARN: {source}");
        }

        if (parts[1] != s.Partition || parts[4] != s.AccountId)
        {
            throw new AwsError(404, "NoSuchEntity", $"The entity {source} cannot be found.");
        }

        var kind = parts[5].Split('/')[0];
        var name = parts[5][(parts[5].LastIndexOf('/') + 1)..];
        var principal = kind switch
        {
            "role" => s.Roles.FirstOrDefault(x => x.Name == name),
            "user" => s.Users.FirstOrDefault(x => x.Name == name),
            _ => throw new AwsError(400, "InvalidInput", $"PolicySourceArn must be a user, group or role ARN: {source}"),
        } ?? throw new AwsError(404, "NoSuchEntity", $"The {kind} with name {name} cannot be found.");

        var actions = r.List("ActionNames.member");
        if (actions.Count == 0)
        {
            throw new AwsError(400, "ValidationError", "1 validation error detected: Value null at 'actionNames' failed to satisfy constraint: Member must not be null");
        }

        var resources = r.List("ResourceArns.member");
        if (resources.Count == 0)
        {
            resources = ["*"];
        }

        var context = new Dictionary<string, List<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var n in r.Indexes("ContextEntries.member"))
        {
            var key = r.Get($"ContextEntries.member.{n}.ContextKeyName");
            if (key is not null)
            {
                context[key] = r.List($"ContextEntries.member.{n}.ContextKeyValues.member");
            }
        }

        var policies = PoliciesOf(principal, kind).ToList();
        var sourceType = policies.GroupBy(p => p.Id).ToDictionary(g => g.Key, g => g.First().Type);
        object Statements(Evaluation e) => E("MatchedStatements", e.MatchedPolicyIds.Select(id => E("member", E("SourcePolicyId", id), E("SourcePolicyType", sourceType[id]))));
        object Missing(Evaluation e) => E("MissingContextValues", e.MissingContextKeys.Select(k => E("member", k)));
        var results = new List<object>();
        foreach (var action in actions)
        {
            var evaluations = resources.Select(resource => (Resource: resource, Evaluation: PolicyEvaluator.Evaluate(policies, action, resource, context))).ToList();
            if (s.LegacySimulationResults)
            {
                // IAM's answer before it grouped resources: one result per action and resource.
                results.AddRange(evaluations.Select(x => E("member",
                    E("EvalActionName", action), E("EvalResourceName", x.Resource), E("EvalDecision", x.Evaluation.Decision),
                    Statements(x.Evaluation), Missing(x.Evaluation), E("EvalDecisionDetails"))));
                continue;
            }

            // Today's answer: one result per action whose decision is the most restrictive, per-resource decisions inside.
            var aggregate = evaluations.Select(x => x.Evaluation).MaxBy(e => e.Decision switch { "explicitDeny" => 2, "implicitDeny" => 1, _ => 0 })!;
            results.Add(E("member",
                E("EvalActionName", action), resources.Count == 1 ? E("EvalResourceName", resources[0]) : null, E("EvalDecision", aggregate.Decision),
                Statements(aggregate), Missing(aggregate), E("EvalDecisionDetails"),
                resources is ["*"] ? null : E("ResourceSpecificResults", evaluations.Select(x => E("member",
                    E("EvalResourceName", x.Resource), E("EvalResourceDecision", x.Evaluation.Decision), Statements(x.Evaluation), Missing(x.Evaluation))))));
        }

        return [E("EvaluationResults", results), E("IsTruncated", false)];
    }
}
