using PreflightCheck.Core;
using PreflightCheck.Core.Plan;
using PreflightCheck.Inputs.Json;

namespace PreflightCheck.Inputs.Templates;

/// <summary>
/// <c>AWS::SageMaker::Model</c> resources of a CloudFormation template (JSON or YAML, already parsed) as model plans, with the
/// production variants of every <c>AWS::SageMaker::EndpointConfig</c> that serves them.
/// </summary>
internal static class CloudFormationInput
{
    private const string ModelType = "AWS::SageMaker::Model";
    private const string EndpointConfigType = "AWS::SageMaker::EndpointConfig";
    private const string EndpointType = "AWS::SageMaker::Endpoint";

    private static readonly HashSet<string> ModelKeys =
    [
        "ModelName", "ExecutionRoleArn", "PrimaryContainer", "Containers", "InferenceExecutionConfig", "Tags", "VpcConfig",
        "EnableNetworkIsolation",
    ];

    private static readonly HashSet<string> ContainerKeys =
    [
        "ContainerHostname", "Environment", "Image", "ImageConfig", "InferenceSpecificationName", "Mode", "ModelDataSource",
        "ModelDataUrl", "ModelPackageName", "MultiModelConfig",
    ];

    private static readonly HashSet<string> ImageConfigKeys = ["RepositoryAccessMode", "RepositoryAuthConfig"];
    private static readonly HashSet<string> AuthConfigKeys = ["RepositoryCredentialsProviderArn"];
    private static readonly HashSet<string> VpcKeys = ["SecurityGroupIds", "Subnets"];

    public static DeploymentPlan Read(JNode template, string file, string? region, string? account, IReadOnlyDictionary<string, string>? parameters = null)
    {
        JShape.Object(template, "the template");
        var resources = JShape.Optional(template, "Resources")
            ?? throw JShape.At(template.Location, "the template has no \"Resources\" section");
        JShape.Object(resources, "Resources");
        var resolver = new CfnResolver(template, region, account, parameters);

        var models = new List<(string LogicalId, ModelPlan Plan)>();
        foreach (var (logicalId, _, resource) in resources.Properties)
        {
            if (TypeOf(resource, logicalId) == ModelType && Deployed(resolver, resource))
            {
                models.Add((logicalId, ReadModel(resolver, logicalId, resource)));
            }
        }

        if (models.Count == 0 && resources.Properties.Where(p => TypeOf(p.Value, p.Name) is EndpointConfigType or EndpointType).Select(p => p.Name).ToArray() is { Length: > 0 } serving)
        {
            return new DeploymentPlan(file, region, [])
            {
                Notes = [$"{file}: the template defines no {ModelType} resource, only {string.Join(", ", serving)}, whose models are created elsewhere: nothing to check here; check those models with --model NAME or their own template"],
            };
        }

        if (models.Count == 0)
        {
            var types = resources.Properties.Select(p => TypeOf(p.Value, p.Name)).Distinct().Order(StringComparer.Ordinal).ToArray();
            throw JShape.At(resources.Location, types.Length == 0
                ? $"the template defines no {ModelType} resource (Resources is empty)"
                : $"the template defines no {ModelType} resource (it has {string.Join(", ", types)})");
        }

        var variants = models.ToDictionary(m => m.LogicalId, _ => new List<VariantPlan>(), StringComparer.Ordinal);
        var extraUnresolved = models.ToDictionary(m => m.LogicalId, _ => new List<UnresolvedValue>(), StringComparer.Ordinal);
        var configModels = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var (logicalId, _, resource) in resources.Properties)
        {
            if (TypeOf(resource, logicalId) == EndpointConfigType && Deployed(resolver, resource))
            {
                configModels[logicalId] = ReadEndpointConfig(resolver, logicalId, resource, models, variants, extraUnresolved);
            }
        }

        var endpoints = Endpoints(resolver, resources, configModels);
        var plans = models.Select(m => m.Plan with
        {
            Variants = variants[m.LogicalId],
            Unresolved = [.. m.Plan.Unresolved ?? [], .. extraUnresolved[m.LogicalId]],
            Endpoint = endpoints.TryGetValue(m.LogicalId, out var endpoint) ? endpoint : null,
        }).ToArray();
        return new DeploymentPlan(file, region, plans);
    }

    private static string TypeOf(JNode resource, string logicalId)
    {
        JShape.Object(resource, $"Resources.{logicalId}");
        var type = JShape.Optional(resource, "Type") ?? throw JShape.At(resource.Location, $"resource \"{logicalId}\" has no \"Type\"");
        return type.Kind == JKind.String ? type.Text! : throw JShape.Wrong(type, $"Resources.{logicalId}.Type", "a string");
    }

    /// <summary>A resource whose Condition is known to be false is not created; an unknown condition keeps it.</summary>
    private static bool Deployed(CfnResolver resolver, JNode resource) =>
        JShape.Optional(resource, "Condition") is not { } condition
        || resolver.Condition(condition.Kind == JKind.String ? condition.Text! : throw JShape.Wrong(condition, "Condition", "a condition name"), condition) != false;

    /// <summary>A whole Properties block may be an intrinsic (<c>Fn::If</c>); one that stays unresolved is noted and read as empty.</summary>
    private static CfnMap Properties(CfnResolver resolver, JNode resource, string logicalId, TemplateValues values, string field)
    {
        var properties = JShape.Optional(resource, "Properties");
        return properties is null
            ? new CfnMap([], resource)
            : resolver.Resolve(properties) switch
            {
                CfnMap map => map,
                CfnNoValue => new CfnMap([], properties),
                CfnUnresolved open => values.AsMap(open, field) ?? new CfnMap([], properties),
                _ => throw JShape.Wrong(properties, $"Resources.{logicalId}.Properties", "a mapping"),
            };
    }

    private static ModelPlan ReadModel(CfnResolver resolver, string logicalId, JNode resource)
    {
        var values = new TemplateValues();
        var properties = Properties(resolver, resource, logicalId, values, $"model {logicalId}: Properties");
        values.OnlyKnown(properties, $"model {logicalId}", ModelKeys);

        var modelName = values.Text(properties, "ModelName", $"model {logicalId}: ModelName", record: false);
        var name = modelName?.Value ?? logicalId;
        var modelField = $"model {name}";

        var containers = new List<ContainerPlan>();
        if (values.Map(properties, "PrimaryContainer", $"{modelField}: PrimaryContainer") is { } primary)
        {
            containers.Add(ReadContainer(values, primary, "PrimaryContainer"));
        }

        var list = values.List(properties, "Containers", $"{modelField}: Containers");
        for (var i = 0; i < list.Count; i++)
        {
            if (values.AsMap(list[i], $"{modelField}: Containers[{i}]") is { } container)
            {
                containers.Add(ReadContainer(values, container, $"Containers[{i}]"));
            }
        }

        VpcConfigPlan? vpc = null;
        if (values.Map(properties, "VpcConfig", $"{modelField}: VpcConfig") is { } vpcMap)
        {
            values.OnlyKnown(vpcMap, "VpcConfig", VpcKeys);
            vpc = new VpcConfigPlan(
                vpcMap.Location,
                values.TextList(vpcMap, "SecurityGroupIds", $"{modelField}: VpcConfig.SecurityGroupIds"),
                values.TextList(vpcMap, "Subnets", $"{modelField}: VpcConfig.Subnets"));
        }

        return new ModelPlan(
            name,
            modelName?.Location ?? resource.Location,
            values.Text(properties, "ExecutionRoleArn", $"{modelField}: ExecutionRoleArn"),
            containers,
            vpc,
            values.Bool(properties, "EnableNetworkIsolation", $"{modelField}: EnableNetworkIsolation"),
            [],
            Unresolved: values.Unresolved,
            Resource: logicalId);
    }

    private static ContainerPlan ReadContainer(TemplateValues values, CfnMap container, string path)
    {
        values.OnlyKnown(container, path, ContainerKeys);
        var hostname = values.Text(container, "ContainerHostname", $"container {path}: ContainerHostname", record: false);
        var name = hostname?.Value ?? path;
        var field = $"container {name}";
        Located<string>? accessMode = null;
        Located<string>? provider = null;
        if (values.Map(container, "ImageConfig", $"{field}: ImageConfig") is { } imageConfig)
        {
            values.OnlyKnown(imageConfig, $"{path}.ImageConfig", ImageConfigKeys);
            accessMode = values.Text(imageConfig, "RepositoryAccessMode", $"{field}: ImageConfig.RepositoryAccessMode");
            if (values.Map(imageConfig, "RepositoryAuthConfig", $"{field}: ImageConfig.RepositoryAuthConfig") is { } auth)
            {
                values.OnlyKnown(auth, $"{path}.ImageConfig.RepositoryAuthConfig", AuthConfigKeys);
                provider = values.Text(auth, "RepositoryCredentialsProviderArn", $"{field}: ImageConfig.RepositoryAuthConfig.RepositoryCredentialsProviderArn");
            }
        }

        return new ContainerPlan(
            name,
            container.Location,
            values.Text(container, "Image", $"{field}: Image"),
            accessMode,
            provider,
            values.Text(container, "ModelDataUrl", $"{field}: ModelDataUrl"),
            hostname?.Value,
            values.Text(container, "ModelPackageName", $"{field}: ModelPackageName"));
    }

    private static HashSet<string> ReadEndpointConfig(
        CfnResolver resolver,
        string logicalId,
        JNode resource,
        IReadOnlyList<(string LogicalId, ModelPlan Plan)> models,
        Dictionary<string, List<VariantPlan>> variants,
        Dictionary<string, List<UnresolvedValue>> unresolved)
    {
        var served = new HashSet<string>(StringComparer.Ordinal);
        var values = new TemplateValues();
        var properties = Properties(resolver, resource, logicalId, values, $"endpoint config {logicalId}: Properties");
        var list = values.List(properties, "ProductionVariants", $"endpoint config {logicalId}: ProductionVariants");
        foreach (var open in values.Unresolved)
        {
            foreach (var (model, _) in models)
            {
                unresolved[model].Add(open);
            }
        }

        for (var i = 0; i < list.Count; i++)
        {
            values.Unresolved.Clear();
            var path = $"{logicalId}.ProductionVariants[{i}]";
            if (values.AsMap(list[i], path) is not { } variant)
            {
                continue;
            }

            var variantName = values.Text(variant, "VariantName", $"variant {path}: VariantName", record: false)?.Value ?? path;
            var field = $"variant {variantName}";
            var target = variant["ModelName"] switch
            {
                null => null,
                CfnModelRef reference => models.FirstOrDefault(m => m.LogicalId == reference.LogicalId).LogicalId,
                CfnScalar text => models.FirstOrDefault(m => m.Plan.Name == text.Text).LogicalId,
                CfnUnresolved open => Unlinked(open, field, models, unresolved),
                var other => throw JShape.Wrong(other.Source, $"{path}.ModelName", "a model name"),
            };
            if (target is null)
            {
                continue;
            }

            var model = models.First(m => m.LogicalId == target).Plan;
            var instanceType = values.Text(variant, "InstanceType", $"{field}: InstanceType");
            var count = values.Text(variant, "InitialInstanceCount", $"{field}: InitialInstanceCount");
            int? instances = count is not null && int.TryParse(count.Value, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : null;
            var serverless = variant["ServerlessConfig"] is CfnMap config ? new ServerlessPlan(config.Location) : null;
            variants[target].Add(new VariantPlan(variantName, model.Name, instanceType, instances, variant.Location, serverless));
            unresolved[target].AddRange(values.Unresolved);
            served.Add(target);
        }

        return served;
    }

    /// <summary>A variant whose model cannot be told is noted on every model, since any of them may be the one it serves.</summary>
    private static string? Unlinked(CfnUnresolved open, string field, IReadOnlyList<(string LogicalId, ModelPlan Plan)> models, Dictionary<string, List<UnresolvedValue>> unresolved)
    {
        foreach (var (logicalId, _) in models)
        {
            unresolved[logicalId].Add(TemplateValues.Describe(open, $"{field}: ModelName"));
        }

        return null;
    }

    private static Dictionary<string, string> Endpoints(CfnResolver resolver, JNode resources, Dictionary<string, HashSet<string>> configModels)
    {
        var endpoints = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (logicalId, _, resource) in resources.Properties)
        {
            if (TypeOf(resource, logicalId) != EndpointType || !Deployed(resolver, resource)
                || resource["Properties"] is not { Kind: JKind.Object } properties
                || properties["EndpointConfigName"] is not { } configName
                || ConfigLogicalId(configName) is not { } configId
                || !configModels.TryGetValue(configId, out var served))
            {
                continue;
            }

            var name = properties["EndpointName"] is { } endpointName && resolver.ResolveText(endpointName, "EndpointName") is CfnScalar text
                ? text.Text
                : logicalId;
            foreach (var model in served)
            {
                endpoints.TryAdd(model, name);
            }
        }

        return endpoints;
    }

    private static string? ConfigLogicalId(JNode node)
    {
        if (node.Kind != JKind.Object || node.Properties.Count != 1)
        {
            return null;
        }

        var (function, _, argument) = node.Properties[0];
        return function switch
        {
            "Ref" => argument.Text,
            "Fn::GetAtt" when argument.Kind == JKind.String => argument.Text?.Split('.')[0],
            "Fn::GetAtt" when argument.Kind == JKind.Array && argument.Items.Count > 0 => argument.Items[0].Text,
            _ => null,
        };
    }
}

/// <summary>Reads resolved template values into plan values, noting each one that stays unresolved.</summary>
internal sealed class TemplateValues
{
    public List<UnresolvedValue> Unresolved { get; } = [];

    public void OnlyKnown(CfnMap map, string what, IReadOnlyCollection<string> known)
    {
        foreach (var (name, value) in map.Properties)
        {
            if (!known.Contains(name))
            {
                var at = map.Source.Kind == JKind.Object
                    ? map.Source.Properties.FirstOrDefault(p => p.Name == name).NameLocation ?? value.Location
                    : value.Location;
                var hint = known.FirstOrDefault(k => string.Equals(k, name, StringComparison.OrdinalIgnoreCase));
                throw JShape.At(at, hint is null
                    ? $"unknown property \"{name}\" in {what}"
                    : $"unknown property \"{name}\" in {what}; did you mean \"{hint}\"? (names are case-sensitive)");
            }
        }
    }

    public Located<string>? Text(CfnMap map, string key, string field, bool record = true) => map[key] switch
    {
        null or CfnNoValue => null,
        CfnScalar scalar => new Located<string>(scalar.Text, scalar.Location),
        CfnModelRef { Name: { } name } reference => new Located<string>(name, reference.Location),
        CfnUnresolved or CfnModelRef when !record => null,
        CfnUnresolved or CfnModelRef => Note(map[key]!, field),
        var other => throw JShape.Wrong(other.Source, field, "text"),
    };

    public bool Bool(CfnMap map, string key, string field) => Text(map, key, field) is { } text && (
        text.Value == "true" ? true : text.Value == "false" ? false
        : throw new InputException($"\"{key}\" must be true or false, got \"{text.Value}\"", text.Location?.File, text.Location?.Line, text.Location?.Column));

    public CfnMap? Map(CfnMap map, string key, string field) => map[key] is { } value ? AsMap(value, field) : null;

    public CfnMap? AsMap(CfnValue value, string field) => value switch
    {
        CfnMap map => map,
        CfnNoValue => null,
        CfnUnresolved => Note<CfnMap>(value, field),
        _ => throw JShape.Wrong(value.Source, field, "a mapping"),
    };

    public IReadOnlyList<CfnValue> List(CfnMap map, string key, string field) => map[key] switch
    {
        null or CfnNoValue => [],
        CfnList list => list.Items,
        CfnUnresolved open => Note<IReadOnlyList<CfnValue>>(open, field) ?? [],
        var other => throw JShape.Wrong(other.Source, field, "a list"),
    };

    public IReadOnlyList<Located<string>> TextList(CfnMap map, string key, string field)
    {
        var items = List(map, key, field);
        var result = new List<Located<string>>(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            var holder = new CfnMap([("item", items[i])], items[i].Source);
            if (Text(holder, "item", $"{field}[{i}]") is { } text)
            {
                result.Add(text);
            }
        }

        return result;
    }

    private Located<string>? Note(CfnValue value, string field) => Note<Located<string>>(value, field);

    private T? Note<T>(CfnValue value, string field)
        where T : class
    {
        Unresolved.Add(Describe(value, field));
        return null;
    }

    public static UnresolvedValue Describe(CfnValue value, string field)
    {
        var open = value as CfnUnresolved;
        var expression = CfnExpression.Render(value.Source);
        return new UnresolvedValue(
            field,
            open?.Reason is { } reason ? $"{expression}, which {reason}" : expression,
            value.Location,
            open?.ResourceType,
            open?.LogicalId);
    }
}
