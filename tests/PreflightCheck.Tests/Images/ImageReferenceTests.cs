using System.Text;
using ApprovalTests;
using ApprovalTests.Reporters;
using PreflightCheck.Core.Images;

namespace PreflightCheck.Tests.Images;

public sealed class ImageReferenceTests
{
    public static TheoryData<string, string?, string, string?, string?, string> Valid => ImageReferenceTable.Valid;

    public static TheoryData<string, string, int> Invalid => ImageReferenceTable.Invalid;

    [Theory]
    [MemberData(nameof(Valid))]
    public void Parse_WhenReferenceIsValid_ReturnsItsParts(string input, string? domain, string path, string? tag, string? digest, string apiName)
    {
        var result = ImageReference.Parse(input);

        Assert.True(result.Success, result.Error?.ToString());
        var reference = result.Reference;
        Assert.Equal(input, reference.Original);
        Assert.Equal(domain, reference.Domain);
        Assert.Equal(path, reference.Path);
        Assert.Equal(tag, reference.Tag);
        Assert.Equal(digest, reference.Digest);
        Assert.Equal(apiName, reference.RepositoryForApi);
        Assert.Equal(domain is not null, reference.HasExplicitRegistryHost);
        Assert.Equal(domain, reference.Host is null ? null : reference.Host + (reference.Port is { } port ? ":" + port : ""));
        Assert.Equal(digest, reference.DigestAlgorithm is null ? null : reference.DigestAlgorithm + ":" + reference.DigestHex);
        Assert.Equal(input, reference.ToString());
    }

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Parse_WhenReferenceIsInvalid_NamesTheProblemAndIndex(string input, string fragment, int index)
    {
        var result = ImageReference.Parse(input);

        Assert.False(result.Success, $"'{input}' parsed as {result.Reference}");
        Assert.Contains(fragment, result.Error.Message, StringComparison.Ordinal);
        Assert.Equal(index, result.Error.Index);
        Assert.InRange(result.Error.Index, 0, input.Length);
    }

    [Fact]
    public void Table_WhenCounted_HasAtLeast120Cases()
    {
        Assert.True(Valid.Count + Invalid.Count >= 120, $"{Valid.Count} valid + {Invalid.Count} invalid");
        Assert.True(Valid.Count >= 60);
        Assert.True(Invalid.Count >= 60);
    }

    [Fact]
    [UseReporter(typeof(QuietReporter))]
    public void Parse_WhenReferenceIsInvalid_GivesTheseMessages()
    {
        var text = new StringBuilder();
        foreach (var row in Invalid)
        {
            var input = (string)row[0];
            var error = ImageReference.Parse(input).Error!;
            var shown = input.Length > 80 ? $"{input[..40]}...({input.Length} chars)" : input;
            text.Append(Escape(shown)).Append(" => ").Append(error.Index).Append(": ").Append(error.Message).Append('\n');
        }

        Approvals.Verify(text.ToString());
    }

    [Fact]
    public void Parse_WhenGivenRandomText_NeverThrowsAndPointsInsideTheText()
    {
        const string alphabet = "aZ09._-/:@[]%$ \n\té\u00a0\ud83dsha256fF";
        var random = new Random(20261126);
        var valid = 0;
        for (var n = 0; n < 20000; n++)
        {
            var chars = new char[random.Next(0, 40)];
            for (var i = 0; i < chars.Length; i++)
            {
                chars[i] = alphabet[random.Next(alphabet.Length)];
            }

            var text = new string(chars);
            var result = ImageReference.Parse(text);
            if (result.Success)
            {
                valid++;
                Assert.Equal(text, result.Reference.Original);
                Assert.True(ImageReference.Parse(result.Reference.NormalizedReference).Success, text);
            }
            else
            {
                Assert.InRange(result.Error.Index, 0, text.Length);
                Assert.False(string.IsNullOrWhiteSpace(result.Error.Message));
            }
        }

        Assert.InRange(valid, 1, 19999);
    }

    [Fact]
    public void Parse_WhenTextIsNull_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => ImageReference.Parse(null!));
    }

    [Theory]
    [InlineData("registry.example.com:5000/a/b", "registry.example.com", 5000)]
    [InlineData("registry.example.com/a/b", "registry.example.com", null)]
    [InlineData("[2001:db8::1]:5000/repo", "[2001:db8::1]", 5000)]
    [InlineData("[::1]/repo", "[::1]", null)]
    [InlineData("localhost:443/foo", "localhost", 443)]
    [InlineData("ubuntu", null, null)]
    public void Parse_WhenDomainHasPort_SplitsHostAndPort(string input, string? host, int? port)
    {
        var reference = Parsed(input);

        Assert.Equal(host, reference.Host);
        Assert.Equal(port, reference.Port);
    }

    [Theory]
    [InlineData("123456789012.dkr.ecr.us-east-1.amazonaws.com/xgboost:1", true, false)]
    [InlineData("123456789012.dkr.ecr-fips.us-gov-west-1.amazonaws.com/m:1", true, false)]
    [InlineData("123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn/m:1", true, false)]
    [InlineData("123456789012.dkr-ecr.eu-west-1.on.aws/m:1", true, false)]
    [InlineData("123456789012.dkr-ecr-fips.us-east-1.on.aws/m:1", true, false)]
    [InlineData("123456789012.dkr.ecr.us-east-1.amazonaws.com:443/xgboost:1", true, false)]
    [InlineData("12345678901.dkr.ecr.us-east-1.amazonaws.com/x", false, false)]
    [InlineData("1234567890123.dkr.ecr.us-east-1.amazonaws.com/x", false, false)]
    [InlineData("123456789012.dkr.ecr.us-east-1.amazonaws.com.evil.example/x", false, false)]
    [InlineData("123456789012.dkr.ecr.us-east-1.amazonaws.co/x", false, false)]
    [InlineData("123456789012.dkr.ecr..amazonaws.com/x", false, false)]
    [InlineData("public.ecr.aws/lambda/python:3.12", false, true)]
    [InlineData("myteam.myorg.com/docker-local/my-inference-image", false, false)]
    [InlineData("ubuntu", false, false)]
    public void IsEcr_WhenHostIsGiven_MatchesPrivateEcrHostsOnly(string input, bool isEcr, bool isEcrPublic)
    {
        var result = ImageReference.Parse(input);
        if (!result.Success)
        {
            // A malformed look-alike host must not parse at all, which is just as safe.
            Assert.False(isEcr);
            return;
        }

        Assert.Equal(isEcr, result.Reference.IsEcr);
        Assert.Equal(isEcrPublic, result.Reference.IsEcrPublic);
    }

    [Theory]
    [InlineData("ubuntu", true, "docker.io/library/ubuntu")]
    [InlineData("ubuntu:22.04", true, "docker.io/library/ubuntu")]
    [InlineData("foo/bar", true, "docker.io/foo/bar")]
    [InlineData("registry/x", true, "docker.io/registry/x")]
    [InlineData("docker.io/library/ubuntu", true, "docker.io/library/ubuntu")]
    [InlineData("docker.io/ubuntu", true, "docker.io/library/ubuntu")]
    [InlineData("index.docker.io/ubuntu", true, "docker.io/library/ubuntu")]
    [InlineData("registry-1.docker.io/library/ubuntu", true, "registry-1.docker.io/library/ubuntu")]
    [InlineData("DOCKER.IO/library/ubuntu", true, "DOCKER.IO/library/ubuntu")]
    [InlineData("localhost/ubuntu", false, "localhost/ubuntu")]
    [InlineData("Foo/bar", false, "Foo/bar")]
    [InlineData("myteam.myorg.com/docker-local/img", false, "myteam.myorg.com/docker-local/img")]
    public void IsDockerHub_WhenParsed_FollowsDockerNormalization(string input, bool isDockerHub, string normalizedName)
    {
        var reference = Parsed(input);

        Assert.Equal(isDockerHub, reference.IsDockerHub);
        Assert.Equal(normalizedName, reference.NormalizedName);
    }

    [Theory]
    [InlineData("ubuntu", "docker.io/library/ubuntu")]
    [InlineData("ubuntu:22.04", "docker.io/library/ubuntu:22.04")]
    [InlineData("busybox:latest@sha256:" + ImageReferenceTable.RealHex, "docker.io/library/busybox:latest@sha256:" + ImageReferenceTable.RealHex)]
    [InlineData("registry:5000/x:y", "registry:5000/x:y")]
    public void NormalizedReference_WhenParsed_IsWhatDockerPulls(string input, string expected)
    {
        Assert.Equal(expected, Parsed(input).NormalizedReference);
    }

    [Theory]
    [InlineData("myteam.myorg.com/docker-local/my-inference-image:1.4", "myteam.myorg.com/docker-local/my-inference-image")]
    [InlineData("registry:5000/x:y", "registry:5000/x")]
    [InlineData("[::1]:5000/repo:tag@sha256:" + ImageReferenceTable.RealHex, "[::1]:5000/repo")]
    [InlineData("ubuntu:22.04", "docker.io/library/ubuntu")]
    [InlineData("docker.io/ubuntu", "docker.io/ubuntu")]
    public void ToDigestReference_WhenDigestIsValid_DropsTheTagAndPins(string input, string name)
    {
        var digest = "sha256:" + ImageReferenceTable.RealHex;

        var pinned = Parsed(input).ToDigestReference(digest);

        Assert.Equal($"{name}@{digest}", pinned);
        var reparsed = Parsed(pinned);
        Assert.Equal(digest, reparsed.Digest);
        Assert.Null(reparsed.Tag);
    }

    [Theory]
    [InlineData("sha256:abc", "must have 64 hex characters, got 3")]
    [InlineData("md5:" + "0123456789abcdef0123456789abcdef", "unsupported digest algorithm 'md5'")]
    [InlineData("", "digest is missing")]
    [InlineData("sha256:" + "86E0E091D0DA6BDE2456DBB48306F3956BBEB2EAE1B5B9A43045843F69FE4AAA", "lower-case")]
    public void ToDigestReference_WhenDigestIsInvalid_Throws(string digest, string fragment)
    {
        var reference = Parsed("registry.example.com/x:1");

        var ex = Assert.Throws<ArgumentException>(() => reference.ToDigestReference(digest));

        Assert.Contains(fragment, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_WhenReferenceIsTypical_AllocatesLittle()
    {
        const string input = "myteam.myorg.com/docker-local/my-inference-image:1.4.2@sha256:" + ImageReferenceTable.RealHex;
        Assert.True(ImageReference.Parse(input).Success);
        const int count = 2000;

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < count; i++)
        {
            _ = ImageReference.Parse(input);
        }

        var perParse = (GC.GetAllocatedBytesForCurrentThread() - before) / count;

        // The parts are strings of their own (domain, path, tag, algorithm, hex, digest) plus two small objects.
        Assert.InRange(perParse, 1, 1200);
    }

    private static ImageReference Parsed(string input)
    {
        var result = ImageReference.Parse(input);
        Assert.True(result.Success, result.Error?.ToString());
        return result.Reference;
    }

    private static string Escape(string text)
    {
        var builder = new StringBuilder();
        foreach (var c in text)
        {
            if (c is < ' ' or > '~')
            {
                builder.Append(@"\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }
}
