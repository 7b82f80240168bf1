using PreflightCheck.Core.Images;
using PreflightCheck.Core.Aws;
using PreflightCheck.Core.Collectors;
using PreflightCheck.Core.Facts;
using PreflightCheck.Core.Rules;

namespace PreflightCheck.Collectors.Aws;

/// <summary>What the AWS collector should do beyond access: which facts, invocation, the deployer to simulate.</summary>
internal sealed record AwsCollectionOptions(FactNeeds Needs, bool Invoke = true, string? DeployerArn = null);

/// <summary>
/// Fills <see cref="FactsSnapshot.Aws"/>. STS, EC2, Lambda and IAM run concurrently; within each, dependent stages only.
/// Run it after the registry collector (its resolved addresses feed the ENI lookup; see <see cref="AwsCollection"/>).
/// </summary>
internal sealed class AwsCollector(AwsSession session, ILambdaApi lambda, IIamApi iam, LambdaCredentialSource? credentials, AwsCollectionOptions options) : ICollector<AwsSection>
{
    public const string CollectorName = "aws";

    private const int SimulationBatch = 100;

    internal static readonly string[] RoleVpcActions =
    [
        "ec2:CreateNetworkInterface", "ec2:CreateNetworkInterfacePermission", "ec2:DeleteNetworkInterface", "ec2:DeleteNetworkInterfacePermission",
        "ec2:DescribeNetworkInterfaces", "ec2:DescribeVpcs", "ec2:DescribeDhcpOptions", "ec2:DescribeSubnets", "ec2:DescribeSecurityGroups",
        "ec2:DescribeVpcEndpoints",
    ];

    public string Name => CollectorName;

    private const FactNeeds AwsNeeds = FactNeeds.Ec2 | FactNeeds.Iam | FactNeeds.Lambda | FactNeeds.LambdaInvoke | FactNeeds.Sts;

    public async Task<AwsSection> CollectAsync(FactsSnapshot facts, CollectorContext ctx, CancellationToken ct)
    {
        var needs = options.Needs & AwsNeeds;
        if (needs == FactNeeds.None)
        {
            return new AwsSection(new CollectorRun(Name, CollectionStatus.Skipped, "no selected rule needs AWS facts"), null);
        }

        // Loads the credentials once up front: missing or unloadable ones end the run with one line (InputException).
        await session.GetCredentialsAsync(ct).ConfigureAwait(false);
        var plan = facts.Plan;

        var callerTask = needs.HasFlag(FactNeeds.Sts) || needs.HasFlag(FactNeeds.Iam) ? CallerAsync(ct) : Task.FromResult<CallerIdentityFacts?>(null);
        var networkTask = needs.HasFlag(FactNeeds.Ec2) ? NetworkAsync(facts, ctx, ct) : Task.FromResult<(AwsNetworkFacts, IReadOnlyList<RegistryNetworkFacts>)>((new AwsNetworkFacts(), []));
        var functionsTask = needs.HasFlag(FactNeeds.Lambda) ? Task.WhenAll(LambdaCredentialSource.ProviderArns(plan).Select(a => FunctionAsync(a, ct))) : Task.FromResult(Array.Empty<LambdaFunctionFacts>());
        var invocationsTask = needs.HasFlag(FactNeeds.LambdaInvoke) && credentials is not null ? credentials.InvocationFactsAsync(ct) : Task.FromResult<IReadOnlyList<LambdaInvocationFacts>>([]);
        var roleArns = plan.Models.Select(m => m.ExecutionRoleArn?.Value).OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        var rolesTask = needs.HasFlag(FactNeeds.Iam) ? Task.WhenAll(roleArns.Select(a => RoleAsync(a, ct))) : Task.FromResult(Array.Empty<IamRoleFacts>());
        var roleSimulationsTask = needs.HasFlag(FactNeeds.Iam) ? RoleSimulationsAsync(plan, ct) : Task.FromResult<IReadOnlyList<IamSimulationFacts>>([]);

        // The deployer's simulation needs the caller's ARN unless --deployer-arn names it.
        var caller = await callerTask.ConfigureAwait(false);
        var deployer = options.DeployerArn ?? PrincipalOf(caller?.Arn);
        var deployerTask = needs.HasFlag(FactNeeds.Iam) && deployer is not null ? DeployerSimulationsAsync(plan, deployer, ct) : Task.FromResult<IReadOnlyList<IamSimulationFacts>>([]);

        await Task.WhenAll(networkTask, functionsTask, invocationsTask, rolesTask, roleSimulationsTask, deployerTask).ConfigureAwait(false);
        var (network, registries) = networkTask.Result;
        var aws = new AwsFacts(session.RegionName)
        {
            Caller = caller,
            DeployerArn = deployer,
            Network = network,
            RegistryAddresses = registries,
            Functions = functionsTask.Result,
            Invocations = invocationsTask.Result,
            Roles = rolesTask.Result,
            Simulations = [.. roleSimulationsTask.Result, .. deployerTask.Result],
        };
        var denied = FirstProblem(aws);
        var run = denied is null
            ? new CollectorRun(Name, CollectionStatus.Ok)
            : new CollectorRun(Name, denied.Status, denied.Message, denied.Status == CollectionStatus.AccessDenied ? denied.Action : null);
        return new AwsSection(run, aws);
    }

    /// <summary>sts:GetCallerIdentity ARNs of assumed roles are turned into the role ARN, which is what IAM simulates.</summary>
    internal static string? PrincipalOf(string? callerArn)
    {
        if (AwsArn.TryParse(callerArn) is not { } arn)
        {
            return null;
        }

        if (arn.Service == "sts" && arn.Resource.StartsWith("assumed-role/", StringComparison.Ordinal))
        {
            var role = arn.Resource.Split('/')[1];
            return $"arn:{arn.Partition}:iam::{arn.Account}:role/{role}";
        }

        return callerArn;
    }

    private static AwsStatus? FirstProblem(AwsFacts aws) =>
        Statuses(aws).FirstOrDefault(s => s.Status is CollectionStatus.AccessDenied)
            ?? Statuses(aws).FirstOrDefault(s => s.Status is CollectionStatus.Timeout or CollectionStatus.Unreachable or CollectionStatus.Invalid);

    /// <summary>The status of every AWS fact collected, in collection order.</summary>
    internal static IEnumerable<AwsStatus> Statuses(AwsFacts aws)
    {
        if (aws.Caller is { } c) yield return c.Status;
        foreach (var s in aws.Network.Subnets) yield return s.Status;
        foreach (var v in aws.Network.Vpcs) yield return v.Status;
        foreach (var g in aws.Network.SecurityGroups) yield return g.Status;
        yield return aws.Network.RouteTables.Status;
        yield return aws.Network.NetworkAcls.Status;
        yield return aws.Network.VpcEndpoints.Status;
        foreach (var e in aws.Network.VpcEndpoints.Items.Where(e => e.NetworkInterfaces is not null).Take(1)) yield return e.NetworkInterfaces!.Status;
        foreach (var r in aws.RegistryAddresses) yield return r.Status;
        foreach (var f in aws.Functions) yield return f.Status;
        foreach (var i in aws.Invocations) yield return i.Status;
        foreach (var r in aws.Roles) yield return r.Status;
        foreach (var s in aws.Simulations) yield return s.Status;
    }

    private async Task<CallerIdentityFacts?> CallerAsync(CancellationToken ct)
    {
        try
        {
            using var sts = session.Sts();
            var identity = await sts.GetCallerIdentityAsync(new Amazon.SecurityToken.Model.GetCallerIdentityRequest(), ct).ConfigureAwait(false);
            return new CallerIdentityFacts(AwsStatus.Ok, identity.Account, identity.Arn);
        }
        catch (Exception ex) when (ex is not Core.InputException)
        {
            return new CallerIdentityFacts(AwsErrors.StatusOf(ex, "sts:GetCallerIdentity", ct), null, null);
        }
    }

    private async Task<(AwsNetworkFacts, IReadOnlyList<RegistryNetworkFacts>)> NetworkAsync(FactsSnapshot facts, CollectorContext ctx, CancellationToken ct)
    {
        var models = facts.Plan.Models.Where(m => m.VpcConfig is not null).ToArray();
        var subnets = models.SelectMany(m => m.VpcConfig!.Subnets).Select(s => s.Value).Distinct(StringComparer.Ordinal).ToArray();
        var groups = models.SelectMany(m => m.VpcConfig!.SecurityGroupIds).Select(s => s.Value).Distinct(StringComparer.Ordinal).ToArray();
        using var ec2 = session.Ec2();
        return await new Ec2Network(ec2, session).CollectAsync(subnets, groups, RegistryAddresses(facts, ctx), ct).ConfigureAwait(false);
    }

    /// <summary>
    /// The private addresses the registry collector resolved; without its facts (registry rules skipped), the registries the
    /// plan's images name, at <c>--registry-address</c> or at the IP literal the image gives.
    /// </summary>
    internal static IReadOnlyList<(string Host, int Port, string Address, AddressSource Source)> RegistryAddresses(FactsSnapshot facts, CollectorContext ctx)
    {
        var list = facts.Registries
            .SelectMany(r => r.Resolution.Addresses.Where(a => a.IsPrivate).Select(a => (r.Host, r.Port, a.Address, r.Resolution.Source)))
            .ToList();
        if (list.Count > 0)
        {
            return list.Distinct().ToArray();
        }

        var endpoints = facts.Registries.Count > 0
            ? facts.Registries.Select(r => (r.Host, r.Port)).ToList()
            : facts.Plan.Models.SelectMany(m => m.Containers)
                .Select(c => c.Image is null ? null : ImageReference.Parse(c.Image.Value).Reference)
                .OfType<ImageReference>()
                .Where(r => !r.IsEcr && r.Domain is not null)
                .Select(Registry.RegistryCollector.Endpoint)
                .ToList();
        foreach (var (host, port) in endpoints)
        {
            if (ctx.RegistryAddress is { } address)
            {
                list.Add((host, port, address.ToString(), AddressSource.RegistryAddress));
            }
            else if (System.Net.IPAddress.TryParse(host.Trim('[', ']'), out var literal))
            {
                list.Add((host, port, literal.ToString(), AddressSource.Literal));
            }
        }

        if (list.Count == 0 && endpoints.Count == 0 && ctx.RegistryAddress is { } only)
        {
            list.Add(("", 443, only.ToString(), AddressSource.RegistryAddress));
        }

        return list.Distinct().ToArray();
    }

    private async Task<LambdaFunctionFacts> FunctionAsync(string arn, CancellationToken ct)
    {
        var parsed = AwsArn.TryParse(arn);
        if (parsed is null || parsed.Service != "lambda")
        {
            return new LambdaFunctionFacts(arn, new AwsStatus(CollectionStatus.Invalid, $"'{arn}' is not a Lambda function ARN"));
        }

        var functionTask = lambda.GetFunctionAsync(arn, ct);
        var policyTask = lambda.GetPolicyAsync(arn, ct);
        LambdaFunctionInfo info;
        try
        {
            info = await functionTask.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not Core.InputException)
        {
            await Quietly(policyTask).ConfigureAwait(false);
            return new LambdaFunctionFacts(arn, AwsErrors.StatusOf(ex, "lambda:GetFunction", ct), Region: parsed.Region, Account: parsed.Account);
        }

        LambdaPolicyFacts policy;
        try
        {
            var document = await policyTask.ConfigureAwait(false);
            policy = new LambdaPolicyFacts(AwsStatus.Ok, PolicyDocuments.Statements(document) ?? []);
        }
        catch (Exception ex) when (ex is not Core.InputException)
        {
            policy = new LambdaPolicyFacts(AwsErrors.StatusOf(ex, "lambda:GetPolicy", ct), []);
        }

        return new LambdaFunctionFacts(arn, AwsStatus.Ok, info.FunctionName, info.FunctionArn, parsed.Region, parsed.Account,
            info.State, info.StateReason, info.LastUpdateStatus, info.TimeoutSeconds, info.Runtime, info.Environment, policy);
    }

    private static async Task Quietly(Task task)
    {
        try
        {
            await task.ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Its sibling call already failed and is what gets reported.
        }
    }

    private async Task<IamRoleFacts> RoleAsync(string roleArn, CancellationToken ct)
    {
        var arn = AwsArn.TryParse(roleArn);
        if (arn is null || arn.Service != "iam" || !arn.Resource.StartsWith("role/", StringComparison.Ordinal))
        {
            return new IamRoleFacts(roleArn, new AwsStatus(CollectionStatus.Invalid, $"'{roleArn}' is not an IAM role ARN"));
        }

        if (arn.Partition != session.Partition)
        {
            return new IamRoleFacts(roleArn, new AwsStatus(CollectionStatus.Invalid,
                $"the role is in partition '{arn.Partition}' but the region {session.RegionName} is in '{session.Partition}'"), Account: arn.Account);
        }

        var roleName = arn.Resource[(arn.Resource.LastIndexOf('/') + 1)..];
        var roleTask = iam.GetRoleAsync(roleName, ct);
        var attachedTask = iam.ListAttachedRolePoliciesAsync(roleName, ct);
        var inlineTask = iam.ListRolePoliciesAsync(roleName, ct);
        IamRoleInfo role;
        try
        {
            role = await roleTask.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not Core.InputException)
        {
            await Task.WhenAll(Quietly(attachedTask), Quietly(inlineTask)).ConfigureAwait(false);
            return new IamRoleFacts(roleArn, AwsErrors.StatusOf(ex, "iam:GetRole", ct), roleName, arn.Account);
        }

        var facts = new IamRoleFacts(roleArn, AwsStatus.Ok, role.RoleName, arn.Account, role.TrustPolicyDocument, PolicyDocuments.Statements(role.TrustPolicyDocument));
        try
        {
            var attached = await attachedTask.ConfigureAwait(false);
            var inline = await inlineTask.ConfigureAwait(false);
            var policies = await Task.WhenAll(
                attached.Select(a => ManagedPolicyAsync(a, ct)).Concat(inline.Select(n => InlinePolicyAsync(roleName, n, ct)))).ConfigureAwait(false);
            return facts with { PoliciesStatus = AwsStatus.Ok, Policies = policies };
        }
        catch (Exception ex) when (ex is not Core.InputException)
        {
            await Task.WhenAll(Quietly(attachedTask), Quietly(inlineTask)).ConfigureAwait(false);
            var action = attachedTask.IsFaulted ? "iam:ListAttachedRolePolicies" : "iam:ListRolePolicies";
            return facts with { PoliciesStatus = AwsErrors.StatusOf(ex, action, ct) };
        }
    }

    private async Task<IamPolicyFacts> ManagedPolicyAsync(IamAttachedPolicy policy, CancellationToken ct)
    {
        var action = "iam:GetPolicy";
        try
        {
            var version = await iam.GetPolicyAsync(policy.PolicyArn, ct).ConfigureAwait(false);
            action = "iam:GetPolicyVersion";
            var document = await iam.GetPolicyVersionAsync(policy.PolicyArn, version, ct).ConfigureAwait(false);
            return new IamPolicyFacts(policy.PolicyName, policy.PolicyArn, IamPolicyKind.Managed, AwsStatus.Ok, version, document, PolicyDocuments.Statements(document));
        }
        catch (Exception ex) when (ex is not Core.InputException)
        {
            return new IamPolicyFacts(policy.PolicyName, policy.PolicyArn, IamPolicyKind.Managed, AwsErrors.StatusOf(ex, action, ct));
        }
    }

    private async Task<IamPolicyFacts> InlinePolicyAsync(string roleName, string name, CancellationToken ct)
    {
        try
        {
            var document = await iam.GetRolePolicyAsync(roleName, name, ct).ConfigureAwait(false);
            return new IamPolicyFacts(name, null, IamPolicyKind.Inline, AwsStatus.Ok, null, document, PolicyDocuments.Statements(document));
        }
        catch (Exception ex) when (ex is not Core.InputException)
        {
            return new IamPolicyFacts(name, null, IamPolicyKind.Inline, AwsErrors.StatusOf(ex, "iam:GetRolePolicy", ct));
        }
    }

    private async Task<IReadOnlyList<IamSimulationFacts>> RoleSimulationsAsync(Core.Plan.DeploymentPlan plan, CancellationToken ct)
    {
        var pairs = plan.Models
            .Where(m => m.ExecutionRoleArn is not null && AwsArn.TryParse(m.ExecutionRoleArn.Value)?.Partition == session.Partition)
            .SelectMany(m => m.Containers.Select(c => (Role: m.ExecutionRoleArn!.Value, Function: c.CredentialsProviderArn?.Value)))
            .Distinct().ToArray();
        var invoke = pairs.Where(p => p.Function is not null).GroupBy(p => p.Role, StringComparer.Ordinal)
            .Select(g => Simulate(g.Key, IamSimulationPurpose.RoleInvokeProvider, ["lambda:InvokeFunction"], g.Select(p => p.Function!).ToArray(), [], ct));
        var vpc = plan.Models.Where(m => m.VpcConfig is not null && m.ExecutionRoleArn is not null && AwsArn.TryParse(m.ExecutionRoleArn.Value)?.Partition == session.Partition)
            .Select(m => m.ExecutionRoleArn!.Value).Distinct(StringComparer.Ordinal)
            .Select(r => Simulate(r, IamSimulationPurpose.RoleVpcAccess, RoleVpcActions, ["*"], [], ct));
        var results = await Task.WhenAll(invoke.Concat(vpc)).ConfigureAwait(false);
        return results.SelectMany(r => r).ToArray();
    }

    private async Task<IReadOnlyList<IamSimulationFacts>> DeployerSimulationsAsync(Core.Plan.DeploymentPlan plan, string deployer, CancellationToken ct)
    {
        var account = AwsArn.TryParse(deployer)?.Account ?? "";
        var roles = plan.Models.Select(m => m.ExecutionRoleArn?.Value).OfType<string>()
            .Where(r => AwsArn.TryParse(r)?.Partition == session.Partition).Distinct(StringComparer.Ordinal).ToArray();
        var models = plan.Models.Select(m => $"arn:{session.Partition}:sagemaker:{session.RegionName}:{account}:model/{m.Name.ToLowerInvariant()}")
            .Distinct(StringComparer.Ordinal).ToArray();
        var passRole = Simulate(deployer, IamSimulationPurpose.DeployerPassRole, ["iam:PassRole"], roles, [new IamContextEntry("iam:PassedToService", "sagemaker.amazonaws.com")], ct);
        var createModel = Simulate(deployer, IamSimulationPurpose.DeployerCreateModel, ["sagemaker:CreateModel"], models, [], ct);
        var results = await Task.WhenAll(passRole, createModel).ConfigureAwait(false);
        return results.SelectMany(r => r).ToArray();
    }

    /// <summary>
    /// One principal, its actions and many resources: one SimulatePrincipalPolicy call per <see cref="SimulationBatch"/>
    /// resources (a scan's thousand models cost ten calls, not a thousand), read back per resource.
    /// </summary>
    private async Task<IReadOnlyList<IamSimulationFacts>> Simulate(string principal, IamSimulationPurpose purpose, IReadOnlyList<string> actions,
        IReadOnlyList<string> resources, IReadOnlyList<IamContextEntry> context, CancellationToken ct)
    {
        var batches = await Task.WhenAll(resources.Chunk(SimulationBatch).Select(b => SimulateBatch(principal, purpose, actions, b, context, ct))).ConfigureAwait(false);
        return batches.SelectMany(b => b).ToArray();
    }

    private async Task<IReadOnlyList<IamSimulationFacts>> SimulateBatch(string principal, IamSimulationPurpose purpose, IReadOnlyList<string> actions,
        IReadOnlyList<string> resources, IReadOnlyList<IamContextEntry> context, CancellationToken ct)
    {
        var entries = context.Select(c => $"{c.Key}={c.Value}").ToArray();
        try
        {
            var evaluations = await iam.SimulatePrincipalPolicyAsync(principal, actions, resources, context, ct).ConfigureAwait(false);
            return actions.SelectMany(a => resources.Select(resource => Evaluation(evaluations, a, resource, resources.Count) is { } e
                ? new IamSimulationFacts(principal, purpose, a, resource, AwsStatus.Ok, e.Decision, e.MatchedStatements, entries, e.MissingContextValues)
                : new IamSimulationFacts(principal, purpose, a, resource, new AwsStatus(CollectionStatus.Invalid, $"the simulation returned no result for {a} on {resource}", "iam:SimulatePrincipalPolicy")))).ToArray();
        }
        catch (Exception ex) when (ex is not Core.InputException)
        {
            var status = AwsErrors.StatusOf(ex, "iam:SimulatePrincipalPolicy", ct);
            return actions.SelectMany(a => resources.Select(resource => new IamSimulationFacts(principal, purpose, a, resource, status, ContextEntries: entries))).ToArray();
        }
    }

    /// <summary>
    /// The decision for one action on one resource. An answer without per-resource detail stands for every resource only
    /// when it allows: IAM's aggregate is the most restrictive decision, so a denial could belong to any of them.
    /// </summary>
    private static IamEvaluation? Evaluation(IReadOnlyList<IamEvaluation> evaluations, string action, string resource, int resourceCount)
    {
        var forAction = evaluations.Where(e => string.Equals(e.Action, action, StringComparison.OrdinalIgnoreCase)).ToArray();
        return forAction.FirstOrDefault(e => string.Equals(e.Resource, resource, StringComparison.OrdinalIgnoreCase))
            ?? (resourceCount == 1 && forAction.Length == 1 ? forAction[0] : null)
            ?? forAction.FirstOrDefault(e => e.Resource == "*" && e.Decision == "allowed");
    }
}
