using PreflightCheck.Reporting;

namespace PreflightCheck.Tests.Reporting;

public sealed class ReportTextWrapTests
{
    private const string Sentence = "The security groups of model vpc-model block outbound traffic: TCP 37417 to the registry 127.20.0.7 is not allowed out.";

    [Theory]
    [InlineData(20)]
    [InlineData(37)]
    [InlineData(80)]
    public void Wrap_WhenTextIsLong_BreaksOnlyBetweenWords(int width)
    {
        var lines = ReportText.Wrap(Sentence, width, start: 0, indent: 0);

        Assert.Equal(Sentence, string.Join(' ', lines));
        Assert.All(lines, l => Assert.True(l.Length <= width, $"'{l}' is wider than {width}"));
        Assert.All(lines, l => Assert.Equal(l.Trim(), l));
    }

    [Fact]
    public void Wrap_WhenStartAndIndentGiven_CountsThemInTheWidth()
    {
        var lines = ReportText.Wrap("alpha beta gamma delta", width: 20, start: 10, indent: 4);

        Assert.Equal(["alpha beta", "gamma delta"], lines);
    }

    [Fact]
    public void Wrap_WhenOneWordIsLongerThanTheWidth_KeepsItWholeOnItsOwnLine()
    {
        const string Arn = "arn:aws:iam::123456789012:role/service-role/AmazonSageMaker-ExecutionRole-20260101T000000";

        var lines = ReportText.Wrap($"Role {Arn} may invoke it", width: 40, start: 0, indent: 2);

        Assert.Equal(["Role", Arn, "may invoke it"], lines);
    }

    [Fact]
    public void Wrap_WhenThePrefixLeavesNoRoom_StartsOnTheNextLine()
    {
        var lines = ReportText.Wrap("https://registry.example.internal:5000/v2/", width: 30, start: 25, indent: 4);

        Assert.Equal(["", "https://registry.example.internal:5000/v2/"], lines);
    }

    [Fact]
    public void Wrap_WhenTextHasNewlines_KeepsThemAndWrapsEachParagraph()
    {
        var lines = ReportText.Wrap("first line here\nsecond", width: 10, start: 0, indent: 2);

        Assert.Equal(["first line", "here", "second"], lines);
    }

    [Fact]
    public void Wrap_WhenWidthIsZero_OnlySplitsAtNewlines()
    {
        Assert.Equal([Sentence, "x"], ReportText.Wrap(Sentence + "\nx", width: 0, start: 0, indent: 0));
    }

    [Fact]
    public void Wrap_WhenWordsAreSeparatedBySeveralSpaces_KeepsThemInsideALine()
    {
        Assert.Equal(["source: a.json  model: m"], ReportText.Wrap("source: a.json  model: m", width: 80, start: 2, indent: 4));
    }
}
