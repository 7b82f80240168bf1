using PreflightCheck.Core;
using PreflightCheck.Inputs.Templates;
using static PreflightCheck.Tests.Inputs.Templates.TemplateTestFiles;

namespace PreflightCheck.Tests.Inputs.Templates;

public sealed class TerraformPlanTests : IDisposable
{
    private readonly TempFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public void Read_WhenExamplePlan_GivesEachModelFromResourceChanges()
    {
        var path = Example("sagemaker.tfplan.json");

        var plan = TemplateInput.Read(path, null, null);

        Assert.Equal("us-east-1", plan.Region);
        Assert.Equal(["ranker", "aws_sagemaker_model.embedder"], plan.Models.Select(m => m.Name));
        var ranker = Model(plan, "ranker");
        Assert.Equal("arn:aws:iam::123456789012:role/SageMakerExecutionRole", ranker.ExecutionRoleArn!.Value);
        var container = Assert.Single(ranker.Containers);
        Assert.Equal("Ranker", container.Name);
        Assert.Equal("myteam.myorg.com/docker-local/ranker:1.0", container.Image!.Value);
        Assert.Equal("Vpc", container.RepositoryAccessMode!.Value);
        Assert.Equal("arn:aws:lambda:us-east-1:123456789012:function:registry-credentials", container.CredentialsProviderArn!.Value);
        Assert.Equal(["subnet-0123456789abcdef0"], ranker.VpcConfig!.Subnets.Select(s => s.Value));
        var unknown = Assert.Single(ranker.Unresolved!);
        Assert.Equal(("model ranker: vpc_config.subnets[1]", "(known after apply)"), (unknown.Field, unknown.Expression));
        Assert.Equal(("ranker", "ml.m5.xlarge", 1), (ranker.Variants[0].VariantName, ranker.Variants[0].InstanceType!.Value, ranker.Variants[0].InitialInstanceCount));

        var embedder = Model(plan, "aws_sagemaker_model.embedder");
        Assert.True(embedder.EnableNetworkIsolation);
        Assert.Null(embedder.VpcConfig);
        Assert.Equal("Platform", embedder.Containers[0].RepositoryAccessMode!.Value);
        Assert.Equal("primary_container", embedder.Containers[0].Name);
        var variant = Assert.Single(embedder.Variants);
        Assert.Equal(("embedder", "ml.c7g.xlarge", 2), (variant.VariantName, variant.InstanceType!.Value, variant.InitialInstanceCount));
        Assert.Empty(embedder.Unresolved ?? []);
    }

    [Fact]
    public void Read_WhenExamplePlan_LocatesTheImageInResourceChanges()
    {
        var path = Example("sagemaker.tfplan.json");
        var lines = File.ReadAllLines(path);
        var afterLine = Array.FindIndex(lines, l => l.Contains("\"after\": {", StringComparison.Ordinal));
        var imageLine = Array.FindIndex(lines, afterLine, l => l.Contains("\"image\": \"myteam.myorg.com/docker-local/ranker", StringComparison.Ordinal));
        var column = lines[imageLine].IndexOf("\"myteam", StringComparison.Ordinal) + 1;

        var image = Model(TemplateInput.Read(path, "eu-west-1", null), "ranker").Containers[0].Image!;

        AssertAt(image.Location, path, imageLine + 1, column);
    }

    [Fact]
    public void Read_WhenRegionGiven_PrefersItToTheProviderConfiguration()
    {
        var plan = TemplateInput.Read(Example("sagemaker.tfplan.json"), "eu-west-1", null);

        Assert.Equal("eu-west-1", plan.Region);
    }

    [Fact]
    public void Read_WhenOnlyPlannedValuesInChildModule_ReadsThemAndHidesSensitiveValues()
    {
        var path = _files.Write("plan.json", """
            {
              "format_version": "1.0",
              "planned_values": {
                "root_module": {
                  "child_modules": [{
                    "address": "module.serving",
                    "resources": [{
                      "address": "module.serving.aws_sagemaker_model.m",
                      "mode": "managed", "type": "aws_sagemaker_model", "name": "m",
                      "values": {
                        "name": "served",
                        "execution_role_arn": "arn:aws:iam::123456789012:role/r",
                        "primary_container": [{ "image": "registry.example.com/team/m:1", "model_data_url": "s3://secret-bucket/m.tar.gz" }]
                      },
                      "sensitive_values": { "primary_container": [{ "model_data_url": true }] }
                    }]
                  }]
                }
              }
            }
            """);

        var model = Assert.Single(TemplateInput.Read(path, null, null).Models);

        Assert.Equal("served", model.Name);
        Assert.Equal("registry.example.com/team/m:1", model.Containers[0].Image!.Value);
        Assert.Null(model.Containers[0].ModelDataUrl);
        var hidden = Assert.Single(model.Unresolved!);
        Assert.Equal(("container primary_container: model_data_url", "(sensitive value)"), (hidden.Field, hidden.Expression));
        Assert.DoesNotContain(model.Unresolved!, u => u.Expression.Contains("secret-bucket", StringComparison.Ordinal));
    }

    [Fact]
    public void Read_WhenImageKnownOnlyAfterApply_RecordsItUnresolved()
    {
        var path = _files.Write("plan.json", """
            {
              "format_version": "1.2",
              "resource_changes": [{
                "address": "aws_sagemaker_model.m", "mode": "managed", "type": "aws_sagemaker_model", "name": "m",
                "change": {
                  "actions": ["create"],
                  "after": { "name": "m", "primary_container": [{ "image": null }] },
                  "after_unknown": { "primary_container": [{ "image": true }] }
                }
              }]
            }
            """);

        var model = Assert.Single(TemplateInput.Read(path, null, null).Models);

        Assert.Null(model.Containers[0].Image);
        var unknown = Assert.Single(model.Unresolved!);
        Assert.Equal("container primary_container: image", unknown.Field);
        AssertAt(unknown.Location, path, 7, 64);
    }

    [Fact]
    public void Read_WhenModelIsBeingDeleted_LeavesItOut()
    {
        var path = _files.Write("plan.json", """
            {
              "format_version": "1.2",
              "resource_changes": [
                { "address": "aws_sagemaker_model.old", "type": "aws_sagemaker_model", "change": { "actions": ["delete"], "after": null } },
                { "address": "aws_sagemaker_model.new", "type": "aws_sagemaker_model", "change": { "actions": ["create"], "after": { "name": "new" } } }
              ]
            }
            """);

        Assert.Equal(["new"], TemplateInput.Read(path, null, null).Models.Select(m => m.Name));
    }

    [Theory]
    [InlineData("2.0")]
    [InlineData("10.1")]
    [InlineData("one")]
    public void Read_WhenFormatVersionUnsupported_ThrowsAtTheVersion(string version)
    {
        var path = _files.Write("plan.json", $$"""
            {
              "terraform_version": "9.0.0",
              "format_version": "{{version}}",
              "resource_changes": []
            }
            """);

        var error = Assert.Throws<InputException>(() => TemplateInput.Read(path, null, null));

        Assert.Equal((path, 3, 21), (error.File, error.Line, error.Column));
        Assert.Contains($"format_version \"{version}\" is not supported", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.OneLine());
    }

    [Fact]
    public void Read_WhenPlanHasNoSageMakerModel_Throws()
    {
        var path = _files.Write("plan.json", """
            {"format_version": "1.2", "resource_changes": [{"address": "aws_s3_bucket.b", "type": "aws_s3_bucket", "change": {"actions": ["create"], "after": {}}}]}
            """);

        var error = Assert.Throws<InputException>(() => TemplateInput.Read(path, null, null));

        Assert.Equal($"error: {path}:1:1: the plan has no aws_sagemaker_model resource to create or update", error.OneLine());
    }
}
