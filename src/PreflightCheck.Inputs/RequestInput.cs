using PreflightCheck.Core;
using PreflightCheck.Core.Plan;
using PreflightCheck.Inputs.Json;

namespace PreflightCheck.Inputs;

/// <summary>
/// A CreateModel request as JSON (the API/boto3 shape or aws-cli --cli-input-json, which share their keys; a DescribeModel
/// answer is accepted too), optionally with a CreateEndpointConfig request for instance types and counts.
/// </summary>
internal static class RequestInput
{
    private static readonly HashSet<string> ModelKeys =
    [
        "ModelName", "PrimaryContainer", "Containers", "InferenceExecutionConfig", "ExecutionRoleArn", "Tags", "VpcConfig",
        "EnableNetworkIsolation",

        // DescribeModel adds these; engineers paste its output when troubleshooting.
        "ModelArn", "CreationTime", "DeploymentRecommendation",
    ];

    private static readonly HashSet<string> ContainerKeys =
    [
        "ContainerHostname", "Image", "ImageConfig", "Mode", "ModelDataUrl", "ModelDataSource", "AdditionalModelDataSources",
        "Environment", "ModelPackageName", "InferenceSpecificationName", "MultiModelConfig",
    ];

    private static readonly HashSet<string> ImageConfigKeys = ["RepositoryAccessMode", "RepositoryAuthConfig"];
    private static readonly HashSet<string> AuthConfigKeys = ["RepositoryCredentialsProviderArn"];
    private static readonly HashSet<string> VpcKeys = ["SecurityGroupIds", "Subnets"];

    private static readonly HashSet<string> EndpointConfigKeys =
    [
        "EndpointConfigName", "ProductionVariants", "DataCaptureConfig", "Tags", "KmsKeyId", "AsyncInferenceConfig",
        "ExplainerConfig", "ShadowProductionVariants", "ExecutionRoleArn", "VpcConfig", "EnableNetworkIsolation", "MetricsConfig",
        "EndpointConfigArn", "CreationTime",
    ];

    private static readonly HashSet<string> VariantKeys =
    [
        "VariantName", "ModelName", "InitialInstanceCount", "InstanceType", "InstancePools", "VariantInstanceProvisionTimeoutInSeconds",
        "InitialVariantWeight", "AcceleratorType", "CoreDumpConfig", "ServerlessConfig", "VolumeSizeInGB",
        "ModelDataDownloadTimeoutInSeconds", "ContainerStartupHealthCheckTimeoutInSeconds", "EnableSSMAccess",
        "ManagedInstanceScaling", "RoutingConfig", "InferenceAmiVersion", "CapacityReservationConfig",
    ];

    public static DeploymentPlan Read(string requestPath, string? endpointConfigPath, string? region)
    {
        var model = ReadModel(LocatedJson.ReadFile(requestPath, requestPath));
        if (endpointConfigPath is not null)
        {
            var variants = ReadEndpointConfig(LocatedJson.ReadFile(endpointConfigPath, endpointConfigPath), model.Name);
            model = model with { Variants = variants };
        }

        return new DeploymentPlan(requestPath, region, [model]);
    }

    internal static ModelPlan ReadModel(JNode root)
    {
        JShape.Object(root, "the CreateModel request");
        JShape.OnlyKnown(root, "the CreateModel request", ModelKeys);
        var name = JShape.String(root, "ModelName", "request")
            ?? throw JShape.At(root.Location, "the CreateModel request has no \"ModelName\"");

        var containers = new List<ContainerPlan>();
        if (JShape.Optional(root, "PrimaryContainer") is { } primary)
        {
            containers.Add(ReadContainer(primary, "PrimaryContainer"));
        }

        var list = JShape.Array(root, "Containers", "request");
        for (var i = 0; i < list.Count; i++)
        {
            containers.Add(ReadContainer(list[i], $"Containers[{i}]"));
        }

        if (containers.Count == 0)
        {
            throw JShape.At(root.Location, "the CreateModel request has neither \"PrimaryContainer\" nor \"Containers\"");
        }

        if (root["PrimaryContainer"] is { Kind: not JKind.Null } && list.Count > 0)
        {
            throw JShape.At(root["Containers"]!.Location, "give either \"PrimaryContainer\" or \"Containers\", not both (CreateModel refuses both)");
        }

        VpcConfigPlan? vpc = null;
        if (JShape.Optional(root, "VpcConfig") is { } vpcNode)
        {
            JShape.Object(vpcNode, "VpcConfig");
            JShape.OnlyKnown(vpcNode, "VpcConfig", VpcKeys);
            vpc = new VpcConfigPlan(
                vpcNode.Location,
                JShape.StringArray(vpcNode, "SecurityGroupIds", "VpcConfig"),
                JShape.StringArray(vpcNode, "Subnets", "VpcConfig"));
        }

        return new ModelPlan(
            name.Value,
            name.Location,
            JShape.String(root, "ExecutionRoleArn", "request"),
            containers,
            vpc,
            JShape.Bool(root, "EnableNetworkIsolation", "request"),
            []);
    }

    private static ContainerPlan ReadContainer(JNode node, string path)
    {
        JShape.Object(node, path);
        JShape.OnlyKnown(node, path, ContainerKeys);
        var hostname = JShape.String(node, "ContainerHostname", path);
        Located<string>? accessMode = null;
        Located<string>? provider = null;
        if (JShape.Optional(node, "ImageConfig") is { } imageConfig)
        {
            JShape.Object(imageConfig, $"{path}.ImageConfig");
            JShape.OnlyKnown(imageConfig, $"{path}.ImageConfig", ImageConfigKeys);
            accessMode = JShape.String(imageConfig, "RepositoryAccessMode", $"{path}.ImageConfig");
            if (JShape.Optional(imageConfig, "RepositoryAuthConfig") is { } auth)
            {
                JShape.Object(auth, $"{path}.ImageConfig.RepositoryAuthConfig");
                JShape.OnlyKnown(auth, $"{path}.ImageConfig.RepositoryAuthConfig", AuthConfigKeys);
                provider = JShape.String(auth, "RepositoryCredentialsProviderArn", $"{path}.ImageConfig.RepositoryAuthConfig");
            }
        }

        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        if (JShape.Optional(node, "Environment") is { } environment)
        {
            if (environment.Kind != JKind.Object)
            {
                throw JShape.Wrong(environment, $"{path}.Environment", "an object");
            }

            foreach (var (key, _, value) in environment.Properties)
            {
                variables[key] = value.Kind == JKind.String ? value.Text ?? "" : throw JShape.Wrong(value, $"{path}.Environment.{key}", "a string");
            }
        }

        var name = hostname is null ? path : $"{hostname.Value}";
        return new ContainerPlan(
            name,
            node.Location,
            JShape.String(node, "Image", path),
            accessMode,
            provider,
            JShape.String(node, "ModelDataUrl", path),
            hostname?.Value,
            JShape.String(node, "ModelPackageName", path))
        {
            Environment = variables,
        };
    }

    internal static IReadOnlyList<VariantPlan> ReadEndpointConfig(JNode root, string modelName)
    {
        JShape.Object(root, "the CreateEndpointConfig request");
        JShape.OnlyKnown(root, "the CreateEndpointConfig request", EndpointConfigKeys);
        var variants = new List<VariantPlan>();
        var items = JShape.Array(root, "ProductionVariants", "endpoint config");
        for (var i = 0; i < items.Count; i++)
        {
            var path = $"ProductionVariants[{i}]";
            var item = JShape.Object(items[i], path);
            JShape.OnlyKnown(item, path, VariantKeys);
            var variantName = JShape.String(item, "VariantName", path)
                ?? throw JShape.At(item.Location, $"{path} has no \"VariantName\"");
            var variantModel = JShape.String(item, "ModelName", path);
            if (variantModel is not null && variantModel.Value != modelName)
            {
                continue;
            }

            variants.Add(new VariantPlan(
                variantName.Value,
                variantModel?.Value ?? modelName,
                JShape.String(item, "InstanceType", path),
                JShape.Int(item, "InitialInstanceCount", path),
                item.Location,
                JShape.Optional(item, "ServerlessConfig") is { } serverless ? new ServerlessPlan(serverless.Location) : null)
            {
                VolumeSizeInGB = JShape.Int(item, "VolumeSizeInGB", path),
                ContainerStartupHealthCheckTimeoutInSeconds = JShape.Int(item, "ContainerStartupHealthCheckTimeoutInSeconds", path),
            });
        }

        if (items.Count > 0 && variants.Count == 0)
        {
            throw JShape.At(root.Location, $"no production variant in the endpoint config serves model \"{modelName}\"");
        }

        return variants;
    }
}
