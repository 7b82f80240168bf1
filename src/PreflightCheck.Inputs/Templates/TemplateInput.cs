using System.Text;
using PreflightCheck.Core;
using PreflightCheck.Core.Plan;
using PreflightCheck.Inputs.Json;
using PreflightCheck.Inputs.Yaml;

namespace PreflightCheck.Inputs.Templates;

/// <summary>
/// Infrastructure code as input: a CloudFormation template (JSON or YAML) or a Terraform plan (<c>terraform show -json</c>),
/// told apart by content, never by file name.
/// </summary>
internal static class TemplateInput
{
    public static DeploymentPlan Read(string path, string? region, string? accountId, IReadOnlyDictionary<string, string>? parameters = null)
    {
        var bytes = SafeFile.ReadAll(path, LocatedJson.MaxFileBytes);
        var content = bytes.AsSpan();
        if (content.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            content = content[3..];
        }

        var first = content.TrimStart((ReadOnlySpan<byte>)[(byte)' ', (byte)'\t', (byte)'\r', (byte)'\n']);
        if (first.IsEmpty)
        {
            throw new InputException("the file is empty; expected a CloudFormation template or a Terraform plan (terraform show -json)", path);
        }

        if (first[0] == (byte)'{')
        {
            var root = LocatedJson.Parse(content, path);
            if (TerraformPlanInput.Looks(root))
            {
                return parameters is { Count: > 0 }
                    ? throw new InputException("--parameter applies to CloudFormation templates; a Terraform plan already holds its variables' values", path)
                    : TerraformPlanInput.Read(root, path, region);
            }

            return CloudFormationInput.Read(root, path, region, accountId, parameters);
        }

        string text;
        try
        {
            text = new UTF8Encoding(false, true).GetString(content);
        }
        catch (DecoderFallbackException ex)
        {
            throw new InputException($"the file is not valid UTF-8 (byte offset {ex.Index})", path);
        }

        var template = LocatedYaml.Parse(text, path, CfnExpression.ExpandShortForm);
        if (template.Kind != JKind.Object)
        {
            throw JShape.At(template.Location, $"expected a CloudFormation template (a mapping with Resources), got {template.KindName}");
        }

        return CloudFormationInput.Read(template, path, region, accountId, parameters);
    }

    /// <summary><c>--parameter Key=Value</c> (repeatable) as CloudFormation takes parameter overrides; a key given twice keeps the last value.</summary>
    public static IReadOnlyDictionary<string, string> Parameters(IEnumerable<string>? options)
    {
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var option in options ?? [])
        {
            var equals = option.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new InputException($"--parameter '{option}' is not Key=Value (a parameter of the template, then '=', then its value)");
            }

            parameters[option[..equals]] = option[(equals + 1)..];
        }

        return parameters;
    }
}
