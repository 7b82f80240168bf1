using PreflightCheck.Core;
using PreflightCheck.Inputs.Json;

namespace PreflightCheck.Inputs.Templates;

/// <summary>
/// Bounds the work of evaluating a template. A small template can still ask for huge work (a value used twice by Fn::Sub,
/// nested thirty times, is 2^30 characters), and depth limits do not see it; this counts evaluated nodes and built text.
/// </summary>
internal sealed class ExpansionBudget
{
    public const long MaxNodes = 5_000_000;
    public const long MaxStringLength = 1024 * 1024;
    public const long MaxTotalText = 64L * 1024 * 1024;
    private long _nodes;
    private long _text;

    public void Node(JNode at)
    {
        if (++_nodes > MaxNodes)
        {
            throw JShape.At(at.Location, $"evaluating the template's intrinsic functions visits more than {MaxNodes:N0} values (an expansion bomb?); refused");
        }
    }

    /// <summary>Charges a string about to be built; refuses one too long for any property or a template building too much text.</summary>
    public void Text(long length, JNode at)
    {
        _text += length;
        if (length > MaxStringLength || _text > MaxTotalText)
        {
            throw JShape.At(at.Location, length > MaxStringLength
                ? $"this expression builds a string of more than {MaxStringLength:N0} characters (an expansion bomb?); refused"
                : $"evaluating the template's intrinsic functions builds more than {MaxTotalText:N0} characters of text (an expansion bomb?); refused");
        }
    }
}
