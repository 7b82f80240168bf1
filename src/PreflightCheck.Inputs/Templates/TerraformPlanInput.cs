using System.Globalization;
using PreflightCheck.Core;
using PreflightCheck.Core.Plan;
using PreflightCheck.Inputs.Json;

namespace PreflightCheck.Inputs.Templates;

/// <summary>
/// <c>terraform show -json</c> output: <c>aws_sagemaker_model</c> and <c>aws_sagemaker_endpoint_configuration</c> from
/// resource_changes (which mark values known only after apply) or, without them, planned_values.
/// </summary>
internal static class TerraformPlanInput
{
    private const string ModelType = "aws_sagemaker_model";
    private const string EndpointConfigType = "aws_sagemaker_endpoint_configuration";
    private static readonly int[] SupportedMajors = [0, 1];

    public static bool Looks(JNode root) =>
        root.Kind == JKind.Object && root["format_version"] is not null
        && (root["planned_values"] is not null || root["resource_changes"] is not null || root["terraform_version"] is not null);

    public static DeploymentPlan Read(JNode root, string file, string? region)
    {
        CheckVersion(root);
        var resources = Resources(root);
        var models = resources.Where(r => r.Type == ModelType).Select(r => ReadModel(r)).ToList();
        if (models.Count == 0)
        {
            throw JShape.At(root.Location, $"the plan has no {ModelType} resource to create or update");
        }

        var references = ModelReferences(root);
        var variants = models.ToDictionary(m => m.Address, _ => new List<VariantPlan>(), StringComparer.Ordinal);
        var extra = models.ToDictionary(m => m.Address, _ => new List<UnresolvedValue>(), StringComparer.Ordinal);
        foreach (var config in resources.Where(r => r.Type == EndpointConfigType))
        {
            var items = config.Values.Get("production_variants");
            var count = items.Value?.Kind == JKind.Array ? items.Value.Items.Count : 0;
            for (var i = 0; i < count; i++)
            {
                var item = items.Item(i);
                var values = new TfValues();
                var variantName = values.Text(item, "variant_name", "", record: false)?.Value ?? $"{config.Address}.production_variants[{i}]";
                var field = $"variant {variantName}";
                var modelName = item.Get("model_name");
                string? target;
                if (!modelName.IsUnknown && modelName.Value is { Kind: JKind.String } known)
                {
                    target = models.FirstOrDefault(m => m.Plan.Name == known.Text).Address;
                }
                else if (references.TryGetValue((config.Address, i), out var referenced) && variants.ContainsKey(referenced))
                {
                    target = referenced;
                }
                else
                {
                    foreach (var model in models)
                    {
                        extra[model.Address].Add(new UnresolvedValue($"{field}: model_name", "(known after apply)", modelName.Location));
                    }

                    continue;
                }

                if (target is null)
                {
                    continue;
                }

                var plan = models.First(m => m.Address == target).Plan;
                var instanceType = values.Text(item, "instance_type", $"{field}: instance_type");
                var instances = values.Text(item, "initial_instance_count", $"{field}: initial_instance_count");
                variants[target].Add(new VariantPlan(
                    variantName,
                    plan.Name,
                    instanceType,
                    instances is not null && int.TryParse(instances.Value, CultureInfo.InvariantCulture, out var n) ? n : null,
                    item.Location,
                    Serverless(item)));
                extra[target].AddRange(values.Unresolved);
            }
        }

        var plans = models.Select(m => m.Plan with
        {
            Variants = variants[m.Address],
            Unresolved = [.. m.Plan.Unresolved ?? [], .. extra[m.Address]],
        }).ToArray();
        return new DeploymentPlan(file, region ?? ProviderRegion(root), plans);
    }

    private static void CheckVersion(JNode root)
    {
        var version = root["format_version"]!;
        if (version.Kind != JKind.String)
        {
            throw JShape.Wrong(version, "format_version", "a string such as \"1.2\"");
        }

        var major = version.Text!.Split('.')[0];
        if (!int.TryParse(major, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || !SupportedMajors.Contains(number))
        {
            throw JShape.At(version.Location,
                $"Terraform plan format_version \"{version.Text}\" is not supported; this tool reads format versions 0.x and 1.x (terraform show -json from Terraform 0.12 to 1.x)");
        }
    }

    private sealed record TfResource(string Address, string Type, TfValue Values);

    private static List<TfResource> Resources(JNode root)
    {
        var result = new List<TfResource>();
        if (JShape.Optional(root, "resource_changes") is not null)
        {
            foreach (var change in JShape.Array(root, "resource_changes", "plan"))
            {
                JShape.Object(change, "resource_changes[]");
                if (change["mode"]?.Text is not (null or "managed") || change["type"]?.Text is not (ModelType or EndpointConfigType))
                {
                    continue;
                }

                var body = JShape.Optional(change, "change") is { } c ? JShape.Object(c, "change") : null;
                if (body is null || JShape.Optional(body, "after") is not { Kind: JKind.Object } after)
                {
                    continue;
                }

                result.Add(new TfResource(
                    JShape.String(change, "address", "resource_changes[]")?.Value ?? change["type"]!.Text!,
                    change["type"]!.Text!,
                    new TfValue(after, body["after_unknown"], body["after_sensitive"], after.Location)));
            }

            return result;
        }

        if (JShape.Optional(root, "planned_values") is { } planned && JShape.Object(planned, "planned_values")["root_module"] is { } module)
        {
            Walk(module, result, 0);
        }

        return result;
    }

    private static void Walk(JNode module, List<TfResource> result, int depth)
    {
        JShape.Object(module, "module");
        if (depth > 32)
        {
            throw JShape.At(module.Location, "modules nest too deeply");
        }

        foreach (var resource in JShape.Array(module, "resources", "module"))
        {
            JShape.Object(resource, "resources[]");
            if (resource["mode"]?.Text is not (null or "managed") || resource["type"]?.Text is not (ModelType or EndpointConfigType)
                || JShape.Optional(resource, "values") is not { Kind: JKind.Object } values)
            {
                continue;
            }

            result.Add(new TfResource(
                JShape.String(resource, "address", "resources[]")?.Value ?? resource["type"]!.Text!,
                resource["type"]!.Text!,
                new TfValue(values, null, resource["sensitive_values"], values.Location)));
        }

        foreach (var child in JShape.Array(module, "child_modules", "module"))
        {
            Walk(child, result, depth + 1);
        }
    }

    private static (string Address, ModelPlan Plan) ReadModel(TfResource resource)
    {
        var values = new TfValues();
        var v = resource.Values;
        var name = values.Text(v, "name", "", record: false);
        var modelName = name?.Value ?? resource.Address;
        var modelField = $"model {modelName}";

        var containers = new List<ContainerPlan>();
        var primary = v.Get("primary_container");
        if (values.Block(primary, $"{modelField}: primary_container") > 0)
        {
            containers.Add(ReadContainer(values, primary.Item(0), "primary_container"));
        }

        var list = v.Get("container");
        var count = values.Block(list, $"{modelField}: container");
        for (var i = 0; i < count; i++)
        {
            containers.Add(ReadContainer(values, list.Item(i), $"container[{i}]"));
        }

        VpcConfigPlan? vpc = null;
        var vpcConfig = v.Get("vpc_config");
        if (values.Block(vpcConfig, $"{modelField}: vpc_config") > 0)
        {
            var block = vpcConfig.Item(0);
            vpc = new VpcConfigPlan(
                block.Location,
                values.TextList(block, "security_group_ids", $"{modelField}: vpc_config.security_group_ids"),
                values.TextList(block, "subnets", $"{modelField}: vpc_config.subnets"));
        }

        var isolation = values.Text(v, "enable_network_isolation", $"{modelField}: enable_network_isolation");
        var plan = new ModelPlan(
            modelName,
            name?.Location ?? v.Location,
            values.Text(v, "execution_role_arn", $"{modelField}: execution_role_arn"),
            containers,
            vpc,
            isolation?.Value == "true",
            [],
            Unresolved: values.Unresolved);
        return (resource.Address, plan);
    }

    private static ServerlessPlan? Serverless(TfValue variant) =>
        variant.Get("serverless_config").Value is { Kind: JKind.Array, Items.Count: > 0 } block ? new ServerlessPlan(block.Location) : null;

    private static ContainerPlan ReadContainer(TfValues values, TfValue container, string path)
    {
        var hostname = values.Text(container, "container_hostname", "", record: false);
        var name = hostname?.Value ?? path;
        var field = $"container {name}";
        Located<string>? accessMode = null;
        Located<string>? provider = null;
        var imageConfig = container.Get("image_config");
        if (values.Block(imageConfig, $"{field}: image_config") > 0)
        {
            var config = imageConfig.Item(0);
            accessMode = values.Text(config, "repository_access_mode", $"{field}: image_config.repository_access_mode");
            var auth = config.Get("repository_auth_config");
            if (values.Block(auth, $"{field}: image_config.repository_auth_config") > 0)
            {
                provider = values.Text(auth.Item(0), "repository_credentials_provider_arn", $"{field}: image_config.repository_auth_config.repository_credentials_provider_arn");
            }
        }

        return new ContainerPlan(
            name,
            container.Location,
            values.Text(container, "image", $"{field}: image"),
            accessMode,
            provider,
            values.Text(container, "model_data_url", $"{field}: model_data_url"),
            hostname?.Value,
            values.Text(container, "model_package_name", $"{field}: model_package_name"));
    }

    /// <summary>Which model each production variant names, from the configuration's references (for names known only after apply).</summary>
    private static Dictionary<(string Config, int Variant), string> ModelReferences(JNode root)
    {
        var result = new Dictionary<(string, int), string>();
        if (root["configuration"]?["root_module"]?["resources"] is not { Kind: JKind.Array } resources)
        {
            return result;
        }

        foreach (var resource in resources.Items)
        {
            if (resource["type"]?.Text != EndpointConfigType || resource["address"]?.Text is not { } address
                || resource["expressions"]?["production_variants"] is not { Kind: JKind.Array } variants)
            {
                continue;
            }

            for (var i = 0; i < variants.Items.Count; i++)
            {
                var model = variants.Items[i]["model_name"]?["references"]?.Items
                    .Select(r => r.Text)
                    .FirstOrDefault(r => r is not null && r.StartsWith(ModelType + ".", StringComparison.Ordinal) && r.Count(c => c == '.') == 1);
                if (model is not null)
                {
                    result[(address, i)] = model;
                }
            }
        }

        return result;
    }

    private static string? ProviderRegion(JNode root) =>
        root["configuration"]?["provider_config"]?["aws"]?["expressions"]?["region"]?["constant_value"] is { Kind: JKind.String } region
            ? region.Text
            : null;
}

/// <summary>A value of a planned resource with the matching parts of after_unknown and after_sensitive.</summary>
internal sealed record TfValue(JNode? Value, JNode? Unknown, JNode? Sensitive, SourceLocation Fallback)
{
    public SourceLocation Location => Value?.Location ?? Fallback;

    public bool IsUnknown => Unknown?.Kind == JKind.True;

    public bool IsSensitive => Sensitive?.Kind == JKind.True;

    public TfValue Get(string key) => new(
        Value?.Kind == JKind.Object ? Value[key] : null,
        IsUnknown ? Unknown : Unknown?.Kind == JKind.Object ? Unknown[key] : null,
        IsSensitive ? Sensitive : Sensitive?.Kind == JKind.Object ? Sensitive[key] : null,
        Location);

    public TfValue Item(int index) => new(
        Value?.Kind == JKind.Array && index < Value.Items.Count ? Value.Items[index] : null,
        IsUnknown ? Unknown : Unknown?.Kind == JKind.Array && index < Unknown.Items.Count ? Unknown.Items[index] : null,
        IsSensitive ? Sensitive : Sensitive?.Kind == JKind.Array && index < Sensitive.Items.Count ? Sensitive.Items[index] : null,
        Location);
}

internal sealed class TfValues
{
    public List<UnresolvedValue> Unresolved { get; } = [];

    public Located<string>? Text(TfValue parent, string key, string field, bool record = true)
    {
        var value = parent.Get(key);

        // A sensitive value is kept out of every report, so a rule cannot judge it: it is as unknown as one known only after apply.
        if (value.IsSensitive || value.IsUnknown)
        {
            if (record)
            {
                Unresolved.Add(new UnresolvedValue(field, value.IsSensitive ? "(sensitive value)" : "(known after apply)", value.Location));
            }

            return null;
        }

        return value.Value switch
        {
            null or { Kind: JKind.Null } => null,
            { Kind: JKind.String or JKind.Number } node => new Located<string>(node.Text!, node.Location),
            { Kind: JKind.True } node => new Located<string>("true", node.Location),
            { Kind: JKind.False } node => new Located<string>("false", node.Location),
            var node => throw JShape.Wrong(node, key, "a string"),
        };
    }

    /// <summary>How many instances of a nested block are planned; an unknown block is noted and counts as none.</summary>
    public int Block(TfValue block, string field)
    {
        if (block.IsUnknown || block.IsSensitive)
        {
            Unresolved.Add(new UnresolvedValue(field, block.IsSensitive ? "(sensitive value)" : "(known after apply)", block.Location));
            return 0;
        }

        // Unknown members of a known list (a subnet id from a resource not yet created) show only in after_unknown.
        var unknownCount = block.Unknown?.Kind == JKind.Array ? block.Unknown.Items.Count : 0;
        return block.Value switch
        {
            null or { Kind: JKind.Null } => unknownCount,
            { Kind: JKind.Array } node => Math.Max(node.Items.Count, unknownCount),
            var node => throw JShape.Wrong(node, field, "a list of blocks"),
        };
    }

    public IReadOnlyList<Located<string>> TextList(TfValue parent, string key, string field)
    {
        var list = parent.Get(key);
        var count = Block(list, field);
        var result = new List<Located<string>>(count);
        for (var i = 0; i < count; i++)
        {
            var item = list.Item(i);
            var holder = new TfValue(
                new JNode { Kind = JKind.Object, Location = item.Location, Properties = item.Value is null ? [] : [("v", item.Location, item.Value)] },
                item.Unknown is null ? null : new JNode { Kind = JKind.Object, Location = item.Location, Properties = [("v", item.Location, item.Unknown)] },
                item.Sensitive is null ? null : new JNode { Kind = JKind.Object, Location = item.Location, Properties = [("v", item.Location, item.Sensitive)] },
                item.Location);
            if (Text(holder, "v", $"{field}[{i}]") is { } text)
            {
                result.Add(text);
            }
        }

        return result;
    }
}
