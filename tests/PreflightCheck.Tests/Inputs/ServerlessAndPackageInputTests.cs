using PreflightCheck.Inputs;
using PreflightCheck.Inputs.Templates;

namespace PreflightCheck.Tests.Inputs;

/// <summary>ServerlessConfig on a variant and ModelPackageName on a container reach the plan from every input.</summary>
public sealed class ServerlessAndPackageInputTests : IDisposable
{
    private const string PackageArn = "arn:aws:sagemaker:us-east-1:123456789012:model-package/churn-models/3";
    private readonly TempFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public void RequestInput_WhenEndpointConfigVariantIsServerless_KeepsItsLocation()
    {
        var request = _files.Write("request.json", $$"""
            {"ModelName":"churn-model","ExecutionRoleArn":"arn:aws:iam::123456789012:role/SageMakerExecutionRole",
             "Containers":[{"ModelPackageName":"{{PackageArn}}"}]}
            """);
        var config = _files.Write("config.json", """
            {"EndpointConfigName":"churn-config","ProductionVariants":[
              {"VariantName":"AllTraffic","ModelName":"churn-model","ServerlessConfig":{"MemorySizeInMB":2048,"MaxConcurrency":5}}]}
            """);

        var model = Assert.Single(RequestInput.Read(request, config, "us-east-1").Models);

        var container = Assert.Single(model.Containers);
        Assert.Null(container.Image);
        Assert.Equal(PackageArn, container.ModelPackageName!.Value);
        var variant = Assert.Single(model.Variants);
        Assert.Null(variant.InstanceType);
        Assert.Equal((2, 76), (variant.Serverless!.Location!.Line, variant.Serverless.Location.Column));
    }

    [Fact]
    public void CloudFormation_WhenProjectsDeployTemplate_ReadsModelPackageAndServerlessVariant()
    {
        var path = _files.Write("endpoint-config-template.yml", $$"""
            Parameters:
              ModelExecutionRoleArn:
                Type: String
                Default: arn:aws:iam::123456789012:role/SageMakerExecutionRole
              ModelPackageName:
                Type: String
                Default: {{PackageArn}}
            Resources:
              Model:
                Type: AWS::SageMaker::Model
                Properties:
                  Containers:
                    - ModelPackageName: !Ref ModelPackageName
                  ExecutionRoleArn: !Ref ModelExecutionRoleArn
              EndpointConfig:
                Type: AWS::SageMaker::EndpointConfig
                Properties:
                  ProductionVariants:
                    - VariantName: AllTraffic
                      ModelName: !GetAtt Model.ModelName
                      ServerlessConfig:
                        MemorySizeInMB: 2048
                        MaxConcurrency: 5
            """);

        var model = Assert.Single(TemplateInput.Read(path, "us-east-1", "123456789012").Models);

        Assert.Equal(PackageArn, Assert.Single(model.Containers).ModelPackageName!.Value);
        var variant = Assert.Single(model.Variants);
        Assert.Equal(22, variant.Serverless!.Location!.Line);
    }

    [Fact]
    public void Terraform_WhenVariantHasServerlessConfigBlock_MarksItServerless()
    {
        var path = _files.Write("plan.json", $$"""
            {
              "format_version": "1.2",
              "resource_changes": [
                { "address": "aws_sagemaker_model.churn", "mode": "managed", "type": "aws_sagemaker_model", "name": "churn",
                  "change": { "actions": ["create"], "after": { "name": "churn", "container": [{ "model_package_name": "{{PackageArn}}" }] } } },
                { "address": "aws_sagemaker_endpoint_configuration.churn", "mode": "managed", "type": "aws_sagemaker_endpoint_configuration", "name": "churn",
                  "change": { "actions": ["create"], "after": { "name": "churn", "production_variants": [
                    { "variant_name": "AllTraffic", "model_name": "churn", "serverless_config": [{ "memory_size_in_mb": 2048, "max_concurrency": 5 }] },
                    { "variant_name": "Instances", "model_name": "churn", "instance_type": "ml.m5.large", "initial_instance_count": 1, "serverless_config": [] }] } } }
              ]
            }
            """);

        var model = Assert.Single(TemplateInput.Read(path, "us-east-1", null).Models);

        Assert.Equal(PackageArn, Assert.Single(model.Containers).ModelPackageName!.Value);
        Assert.Equal([true, false], model.Variants.Select(v => v.Serverless is not null));
    }
}
