using PreflightCheck.Core.Plan;
using PreflightCheck.Core.Reports;
using PreflightCheck.Core.Rules;

namespace PreflightCheck.Tests.Reporting;

/// <summary>A hand-built report with every outcome, two models, evidence, locations, a suppression and security rules.</summary>
internal static class SampleReport
{
    public const string Awkward = "Image \"reg.example.com/a|b\" <script>&amp; 'x'\nnext line: Grüße, 日本, ✓";

    public static readonly DateTimeOffset GeneratedAt = new(2026, 3, 4, 5, 6, 7, TimeSpan.Zero);

    /// <summary>The real version, so approvals must scrub it: it changes with every release.</summary>
    public static string ToolVersion { get; } =
        typeof(Report).Assembly.GetName().Version!.ToString(3);

    public static RuleMetadata Rule(string id, string name, string title, string level, string tags) =>
        RuleDocument.Parse($"{id}.md", $"""
            ---
            id: {id}
            name: {name}
            title: {title}
            level: {level}
            area: {id.Split('-')[1]}
            kind: static
            tags: [{tags}]
            ---
            # {id} {title}

            ## Summary
            {title}: the summary of {name}.

            ## Why it matters
            Without it, SageMaker cannot pull the image.

            ## How to fix
            Change the `{name}` setting.

            ## Example
            ```json
            {"{"} "Image": "registry.example.com/team/model@sha256:..." {"}"}
            ```

            ## Links
            - https://docs.aws.amazon.com/sagemaker/
            """);

    public static readonly RuleMetadata Cfg001 = Rule("PFC-CFG-001", "private-image-uses-vpc-mode", "Private images use Vpc repository access mode", "error", "config");
    public static readonly RuleMetadata Img001 = Rule("PFC-IMG-001", "reference-valid", "The image reference is valid", "error", "image");
    public static readonly RuleMetadata Img002 = Rule("PFC-IMG-002", "digest-pinned", "The image is pinned by digest", "error", "image, supply-chain");
    public static readonly RuleMetadata Reg003 = Rule("PFC-REG-003", "auth-config-matches", "Registry authentication matches the config", "error", "registry");
    public static readonly RuleMetadata Reg010 = Rule("PFC-REG-010", "token-realm-safe", "The token realm is safe", "error", "security, registry");
    public static readonly RuleMetadata Tls007 = Rule("PFC-TLS-007", "tls-protocol-version", "TLS 1.2 or newer", "warning", "security, tls");

    public static readonly RuleMetadata Net005 = new(
        "PFC-NET-005", "registry-ingress", "The registry admits the model", Level.Error, "NET", "live", ["network"],
        "The registry's security groups allow the model in.", "Blocked pulls time out.", "Add an inbound rule.", "sg-1 -> sg-2",
        "- https://docs.aws.amazon.com/vpc/", "# PFC-NET-005\n\n## Summary\nThe registry's security groups allow the model in.\n");

    public static readonly RuleMetadata Lmb008 = Rule("PFC-LMB-008", "cross-account-function-policy", "Cross-account function policy", "error", "lambda");
    public static readonly RuleMetadata Iam002 = Rule("PFC-IAM-002", "role-can-invoke-provider", "The role can invoke the provider", "error", "iam");
    public static readonly RuleMetadata Lmb010 = Rule("PFC-LMB-010", "invocation-latency", "The provider answers quickly", "note", "lambda");

    private static readonly RuleMetadata[] AllRules = [Cfg001, Iam002, Img001, Img002, Lmb008, Lmb010, Net005, Reg003, Reg010, Tls007];

    public static Report TwoModels() => Build(
        [
            new PlanInfo("request.json", "us-east-1", "vpc-model", "vpc-endpoint"),
            new PlanInfo("deploy/other request.json", "us-east-1", "second-model", null),
        ],
        [
            R(Cfg001, Outcome.Pass, "vpc-model", "container ModelContainer", "Container ModelContainer uses RepositoryAccessMode Vpc.",
                E(("repositoryAccessMode", "Vpc")), new SourceLocation("request.json", 9, 9), "vpc-endpoint"),
            R(Cfg001, Outcome.Fail, "second-model", "container Primary", "Container Primary pulls a non-ECR image in Platform mode; set ImageConfig.RepositoryAccessMode to Vpc.",
                E(("image", "registry.example.com/team/model:1"), ("repositoryAccessMode", "Platform")), new SourceLocation("deploy\\other request.json", 12, 30)),
            R(Img001, Outcome.Fail, "second-model", "container Sidecar", Awkward,
                E(("image", "reg.example.com/a|b\n"), ("note", "esc\u001b[31mred")), new SourceLocation("deploy/other request.json", 20, 7)),
            R(Img002, Outcome.Fail, "vpc-model", "container ModelContainer", "Image registry.example.com/team/model:latest is not pinned by digest; a tag can move after review.",
                E(("tag", "latest"), ("image", "registry.example.com/team/model:latest")), new SourceLocation("request.json", 7, 16), "vpc-endpoint"),
            R(Img002, Outcome.Fail, "second-model", "container Primary", "Image registry.example.com/team/model:1 is not pinned by digest.",
                E(("image", "registry.example.com/team/model:1")), new SourceLocation("deploy/other request.json", 11, 16),
                suppression: new Suppression("Pinned at release by the pipeline | ticket OPS-12", "2026-12-31", "preflight.yaml")),
            R(Lmb008, Outcome.NotApplicable, "vpc-model", "container ModelContainer", "The container has no RepositoryAuthConfig.", endpoint: "vpc-endpoint"),
            R(Iam002, Outcome.Unknown, "vpc-model", "role arn:aws:iam::111122223333:role/sm", "Could not simulate the role's policies: AccessDenied on iam:SimulatePrincipalPolicy.",
                E(("action", "iam:SimulatePrincipalPolicy"), ("collection", "AccessDenied")), endpoint: "vpc-endpoint"),
            R(Net005, Outcome.Error, "vpc-model", "rule", "PFC-NET-005 could not be evaluated: InvalidOperationException: sequence contains no elements", endpoint: "vpc-endpoint"),
            R(Reg003, Outcome.Unknown, "vpc-model", "registry registry.example.com", "The registry did not answer GET /v2/ within 5 s; cannot tell whether it demands credentials.",
                E(("address", "10.0.1.20:443"), ("collection", "Timeout")), endpoint: "vpc-endpoint"),
            R(Reg010, Outcome.Pass, "vpc-model", "realm https://auth.example.com/token", "The token realm is HTTPS on a routable address.",
                E(("realm", "https://auth.example.com/token")), endpoint: "vpc-endpoint"),
            R(Tls007, Outcome.Fail, "vpc-model", "https registry.example.com:443", "registry.example.com:443 still accepts TLS 1.0; refuse TLS 1.0 and 1.1.",
                E(("accepted", "TLSv1.0, TLSv1.2"), ("negotiated", "TLSv1.2")), endpoint: "vpc-endpoint"),
        ]);

    public static Report OneModel() => Build(
        [new PlanInfo("request.json", "eu-west-1", "vpc-model", null)],
        [
            R(Cfg001, Outcome.Pass, "vpc-model", "container A", "Container A uses Vpc.", location: new SourceLocation("request.json", 5, 3)),
            R(Cfg001, Outcome.Fail, "vpc-model", "container B", "Container B uses Platform.", E(("mode", "Platform"))),
        ]);

    public static Report Build(IReadOnlyList<PlanInfo> plans, IEnumerable<RuleResult> results)
    {
        var ordered = results
            .OrderBy(r => r.RuleId, StringComparer.Ordinal)
            .ThenBy(r => r.Model, StringComparer.Ordinal)
            .ThenBy(r => r.Target, StringComparer.Ordinal)
            .ToArray();
        var evaluated = AllRules.Where(rule => ordered.Any(r => r.RuleId == rule.Id)).ToArray();
        return new Report(new ToolInfo("preflight", ToolVersion), plans, evaluated, ordered, GeneratedAt);
    }

    public static RuleResult R(
        RuleMetadata rule,
        Outcome outcome,
        string model,
        string target,
        string message,
        IReadOnlyDictionary<string, string>? evidence = null,
        SourceLocation? location = null,
        string? endpoint = null,
        Suppression? suppression = null) =>
        new(rule, outcome, model, target, message, evidence ?? new Dictionary<string, string>(), location, endpoint, suppression);

    // Insertion order, not sorted: reporters must sort keys themselves.
    private static Dictionary<string, string> E(params (string Key, string Value)[] items) =>
        items.ToDictionary(i => i.Key, i => i.Value, StringComparer.Ordinal);

    public static string Scrub(string text) => text.Replace(ToolVersion, "<version>", StringComparison.Ordinal);
}
