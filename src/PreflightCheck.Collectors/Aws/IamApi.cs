using System.Globalization;
using System.Text;
using System.Xml.Linq;
using PreflightCheck.Core.Collectors;
using PreflightCheck.Core.Facts;

namespace PreflightCheck.Collectors.Aws;

/// <summary>IAM's query/XML API (2010-05-08), signed by the SDK. IAM is global: one endpoint and signing region per partition.</summary>
internal sealed class IamApi(AwsSession session) : IIamApi
{
    public async Task<IamRoleInfo> GetRoleAsync(string roleName, CancellationToken ct)
    {
        var result = await CallAsync("GetRole", [new("RoleName", roleName)], ct).ConfigureAwait(false);
        var role = AwsWire.Children(result, "Role").FirstOrDefault();
        var trust = AwsWire.Child(role, "AssumeRolePolicyDocument");
        return new IamRoleInfo(
            AwsWire.Child(role, "Arn") ?? roleName,
            AwsWire.Child(role, "RoleName") ?? roleName,
            trust is null ? null : Uri.UnescapeDataString(trust));
    }

    public async Task<IReadOnlyList<IamAttachedPolicy>> ListAttachedRolePoliciesAsync(string roleName, CancellationToken ct)
    {
        var list = new List<IamAttachedPolicy>();
        await foreach (var result in PagesAsync("ListAttachedRolePolicies", [new("RoleName", roleName)], ct).ConfigureAwait(false))
        {
            list.AddRange(AwsWire.Members(result, "AttachedPolicies")
                .Select(m => new IamAttachedPolicy(AwsWire.Child(m, "PolicyName") ?? "", AwsWire.Child(m, "PolicyArn") ?? "")));
        }

        return list;
    }

    public async Task<IReadOnlyList<string>> ListRolePoliciesAsync(string roleName, CancellationToken ct)
    {
        var list = new List<string>();
        await foreach (var result in PagesAsync("ListRolePolicies", [new("RoleName", roleName)], ct).ConfigureAwait(false))
        {
            list.AddRange(AwsWire.Members(result, "PolicyNames").Select(m => m.Value));
        }

        return list;
    }

    public async Task<string> GetRolePolicyAsync(string roleName, string policyName, CancellationToken ct)
    {
        var result = await CallAsync("GetRolePolicy", [new("RoleName", roleName), new("PolicyName", policyName)], ct).ConfigureAwait(false);
        return Uri.UnescapeDataString(AwsWire.Child(result, "PolicyDocument") ?? "");
    }

    public async Task<string> GetPolicyAsync(string policyArn, CancellationToken ct)
    {
        var result = await CallAsync("GetPolicy", [new("PolicyArn", policyArn)], ct).ConfigureAwait(false);
        return AwsWire.Child(AwsWire.Children(result, "Policy").FirstOrDefault(), "DefaultVersionId") ?? "v1";
    }

    public async Task<string> GetPolicyVersionAsync(string policyArn, string versionId, CancellationToken ct)
    {
        var result = await CallAsync("GetPolicyVersion", [new("PolicyArn", policyArn), new("VersionId", versionId)], ct).ConfigureAwait(false);
        return Uri.UnescapeDataString(AwsWire.Child(AwsWire.Children(result, "PolicyVersion").FirstOrDefault(), "Document") ?? "");
    }

    public async Task<IReadOnlyList<IamEvaluation>> SimulatePrincipalPolicyAsync(
        string principalArn, IReadOnlyList<string> actions, IReadOnlyList<string> resources, IReadOnlyList<IamContextEntry> context, CancellationToken ct)
    {
        var parameters = new List<KeyValuePair<string, string>> { new("PolicySourceArn", principalArn) };
        parameters.AddRange(actions.Select((a, i) => new KeyValuePair<string, string>($"ActionNames.member.{i + 1}", a)));
        parameters.AddRange(resources.Select((r, i) => new KeyValuePair<string, string>($"ResourceArns.member.{i + 1}", r)));
        for (var i = 0; i < context.Count; i++)
        {
            parameters.Add(new($"ContextEntries.member.{i + 1}.ContextKeyName", context[i].Key));
            parameters.Add(new($"ContextEntries.member.{i + 1}.ContextKeyValues.member.1", context[i].Value));
            parameters.Add(new($"ContextEntries.member.{i + 1}.ContextKeyType", context[i].Type));
        }

        var list = new List<IamEvaluation>();
        await foreach (var result in PagesAsync("SimulatePrincipalPolicy", parameters, ct).ConfigureAwait(false))
        {
            foreach (var member in AwsWire.Members(result, "EvaluationResults"))
            {
                var action = AwsWire.Child(member, "EvalActionName") ?? "";

                // IAM now answers once per action with the per-resource decisions inside; older answers were one result
                // per action and resource. Both shapes are read, per resource, so a batch never hides one denied model.
                var perResource = AwsWire.Members(member, "ResourceSpecificResults").ToArray();
                if (perResource.Length > 0)
                {
                    list.AddRange(perResource.Select(r => new IamEvaluation(
                        action,
                        AwsWire.Child(r, "EvalResourceName") ?? "",
                        AwsWire.Child(r, "EvalResourceDecision") ?? "",
                        AwsWire.Members(r, "MatchedStatements").Select(Statement).ToArray(),
                        AwsWire.Members(r, "MissingContextValues").Select(m => m.Value).ToArray())));
                    continue;
                }

                list.Add(new IamEvaluation(
                    action,
                    AwsWire.Child(member, "EvalResourceName") ?? (resources.Count == 1 ? resources[0] : "*"),
                    AwsWire.Child(member, "EvalDecision") ?? "",
                    AwsWire.Members(member, "MatchedStatements").Select(Statement).ToArray(),
                    AwsWire.Members(member, "MissingContextValues").Select(m => m.Value).ToArray()));
            }
        }

        return list;
    }

    internal static IamMatchedStatement Statement(XElement m)
    {
        static int? Line(XElement m, string position) =>
            int.TryParse(AwsWire.Child(AwsWire.Children(m, position).FirstOrDefault(), "Line"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var line) ? line : null;
        return new IamMatchedStatement(AwsWire.Child(m, "SourcePolicyId") ?? "", AwsWire.Child(m, "SourcePolicyType"), Line(m, "StartPosition"), Line(m, "EndPosition"));
    }

    private async IAsyncEnumerable<XElement?> PagesAsync(string operation, List<KeyValuePair<string, string>> parameters, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        string? marker = null;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        do
        {
            var page = marker is null ? parameters : [.. parameters, new("Marker", marker)];
            var result = await CallAsync(operation, page, ct).ConfigureAwait(false);
            yield return result;
            marker = AwsWire.Child(result, "IsTruncated") == "true" ? AwsWire.Child(result, "Marker") : null;
        }
        while (marker is not null && seen.Add(marker));
    }

    private async Task<XElement?> CallAsync(string operation, List<KeyValuePair<string, string>> parameters, CancellationToken ct)
    {
        var (endpoint, region) = Endpoint(session.Partition);
        var body = Encoding.UTF8.GetBytes(AwsWire.Query([new("Action", operation), new("Version", "2010-05-08"), .. parameters]));
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["Content-Type"] = "application/x-www-form-urlencoded; charset=utf-8" };
        var response = await session.SendAsync(
            new SignedCall("iam:" + operation, session.Endpoint("IAM") ?? endpoint, "iam", region, "POST", "/", headers, body, AwsWire.XmlError), ct).ConfigureAwait(false);
        var doc = XDocument.Parse(Encoding.UTF8.GetString(response.Body));
        return doc.Root is null ? null : AwsWire.Children(doc.Root, operation + "Result").FirstOrDefault();
    }

    internal static (string Endpoint, string SigningRegion) Endpoint(string partition) => partition switch
    {
        "aws-cn" => ("https://iam.cn-north-1.amazonaws.com.cn", "cn-north-1"),
        "aws-us-gov" => ("https://iam.us-gov.amazonaws.com", "us-gov-west-1"),
        _ => ("https://iam.amazonaws.com", "us-east-1"),
    };
}
