using PreflightCheck.Core;
using PreflightCheck.Inputs;

namespace PreflightCheck.Tests.Inputs;

public sealed class RequestInputTests : IDisposable
{
    private const string Boto3Request = """
        {
          "ModelName": "vpc-model",
          "ExecutionRoleArn": "arn:aws:iam::123456789012:role/SageMakerExecutionRole",
          "PrimaryContainer": {
            "ContainerHostname": "ModelContainer",
            "Image": "myteam.myorg.com/docker-local/my-inference-image:1.0",
            "ImageConfig": {
              "RepositoryAccessMode": "Vpc",
              "RepositoryAuthConfig": { "RepositoryCredentialsProviderArn": "arn:aws:lambda:us-east-1:123456789012:function:creds" }
            }
          },
          "VpcConfig": { "SecurityGroupIds": ["sg-0123456789abcdef0"], "Subnets": ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"] },
          "EnableNetworkIsolation": true
        }
        """;

    private readonly TempFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public void Read_WhenPrimaryContainerShape_MapsEveryFieldWithItsLocation()
    {
        var path = _files.Write("request.json", Boto3Request);

        var plan = RequestInput.Read(path, null, "us-east-1");

        var model = Assert.Single(plan.Models);
        Assert.Equal("vpc-model", model.Name);
        Assert.True(model.EnableNetworkIsolation);
        var container = Assert.Single(model.Containers);
        Assert.Equal("ModelContainer", container.Name);
        Assert.Equal("Vpc", container.RepositoryAccessMode!.Value);
        Assert.Equal("arn:aws:lambda:us-east-1:123456789012:function:creds", container.CredentialsProviderArn!.Value);
        Assert.Equal(6, container.Image!.Location!.Line);
        Assert.Equal(14, container.Image.Location.Column);
        Assert.Equal(path, container.Image.Location.File);
        Assert.Equal(["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"], model.VpcConfig!.Subnets.Select(s => s.Value));
        Assert.Equal(12, model.VpcConfig.Subnets[1].Location!.Line);
        Assert.Equal("us-east-1", plan.Region);
    }

    [Fact]
    public void Read_WhenContainersArrayShape_NamesContainersByHostnameOrIndex()
    {
        var path = _files.Write("cli.json", """
            {"ModelName":"m","ExecutionRoleArn":"arn:aws:iam::123456789012:role/r",
             "Containers":[{"ContainerHostname":"first","Image":"a.example.com/x@sha256:0000000000000000000000000000000000000000000000000000000000000000"},
                           {"Image":"b.example.com/y:1"}]}
            """);

        var model = Assert.Single(RequestInput.Read(path, null, null).Models);

        Assert.Equal(["first", "Containers[1]"], model.Containers.Select(c => c.Name));
        Assert.Null(model.VpcConfig);
    }

    [Fact]
    public void Read_WhenEndpointConfigGiven_TakesTheVariantsOfThisModel()
    {
        var request = _files.Write("request.json", Boto3Request);
        var config = _files.Write("config.json", """
            {"EndpointConfigName":"c","ProductionVariants":[
              {"VariantName":"a","ModelName":"vpc-model","InstanceType":"ml.c6g.xlarge","InitialInstanceCount":3},
              {"VariantName":"b","ModelName":"other-model","InstanceType":"ml.m5.xlarge","InitialInstanceCount":1}]}
            """);

        var variant = Assert.Single(RequestInput.Read(request, config, null).Models[0].Variants);

        Assert.Equal("a", variant.VariantName);
        Assert.Equal("ml.c6g.xlarge", variant.InstanceType!.Value);
        Assert.Equal(3, variant.InitialInstanceCount);
    }

    [Theory]
    [InlineData("""{"ModelName":"m","PrimaryContainer":{"Image":"x"},"VpcConfig":{"Subnets":"subnet-1","SecurityGroupIds":[]}}""", 1, 74, "\"VpcConfig.Subnets\" must be an array, got a string")]
    [InlineData("""{"ModelName":"m","PrimaryContainer":{"Image":7}}""", 1, 46, "\"PrimaryContainer.Image\" must be a string, got a number")]
    [InlineData("{\n  \"ModelName\": \"m\",\n  \"PrimaryContainer\": {\"Image\": \"x\"},\n}", 4, 1, "malformed JSON")]
    [InlineData("""{"ModelName":"m","PrimaryContainer":{"Image":"x","imageConfig":{}}}""", 1, 50, "unknown property \"imageConfig\" in PrimaryContainer; did you mean \"ImageConfig\"?")]
    [InlineData("""{"PrimaryContainer":{"Image":"x"}}""", 1, 1, "has no \"ModelName\"")]
    [InlineData("""{"ModelName":"m"}""", 1, 1, "neither \"PrimaryContainer\" nor \"Containers\"")]
    [InlineData("""["ModelName"]""", 1, 1, "must be an object, got an array")]
    [InlineData("""{"ModelName":"m","ModelName":"n","PrimaryContainer":{}}""", 1, 18, "appears twice")]
    [InlineData("""{"ModelName":"m","PrimaryContainer":{}} x""", 1, 41, "malformed JSON")]
    [InlineData("""{"ModelName":"m","PrimaryContainer":{"Environment":"A=B"}}""", 1, 52, "\"PrimaryContainer.Environment\" must be an object")]
    public void Read_WhenShapeIsWrong_ThrowsInputErrorAtTheValue(string json, int line, int column, string expected)
    {
        var path = _files.Write("bad.json", json);

        var error = Assert.Throws<InputException>(() => RequestInput.Read(path, null, null));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Equal((path, line, column), (error.File, error.Line, error.Column));
        Assert.DoesNotContain('\n', error.OneLine());
    }

    [Fact]
    public void Read_WhenFileIsEmpty_SaysSo()
    {
        var path = _files.Write("empty.json", "  \n");

        var error = Assert.Throws<InputException>(() => RequestInput.Read(path, null, null));

        Assert.Equal($"error: {path}: the file is empty; expected a JSON object", error.OneLine());
    }

    [Fact]
    public void Read_WhenFileIsMissing_NamesTheFile()
    {
        var error = Assert.Throws<InputException>(() => RequestInput.Read(Path.Combine(_files.Root, "nope.json"), null, null));

        Assert.Equal("file not found", error.Message);
        Assert.EndsWith("nope.json", error.File, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_WhenBytesAreNotUtf8_PointsAtTheFirstBadByte()
    {
        var bytes = "{\n  \"ModelName\": \"caf"u8.ToArray().Concat(new byte[] { 0xE9 }).Concat("\"}"u8.ToArray()).ToArray();
        var path = _files.Write("latin1.json", bytes);

        var error = Assert.Throws<InputException>(() => RequestInput.Read(path, null, null));

        Assert.Equal("the file is not valid UTF-8 (byte 0xE9)", error.Message);
        Assert.Equal((2, 20), (error.Line, error.Column));
    }

    [Fact]
    public void Read_WhenFileIsHuge_RefusesWithoutParsing()
    {
        var path = Path.Combine(_files.Root, "huge.json");
        using (var stream = File.Create(path))
        {
            stream.SetLength(50L * 1024 * 1024);
        }

        var error = Assert.Throws<InputException>(() => RequestInput.Read(path, null, null));

        Assert.Contains("50.0 MiB", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_WhenLinesHoldMultiByteCharacters_CountsColumnsInUtf16Units()
    {
        var path = _files.Write("unicode.json", "{\"ModelName\":\"é🙂\",\"PrimaryContainer\":{\"Image\":5}}");

        var error = Assert.Throws<InputException>(() => RequestInput.Read(path, null, null));

        Assert.Equal(48, error.Column);
    }
}
