using System.Diagnostics.CodeAnalysis;

namespace PreflightCheck.Core.Images;

/// <summary>Why a reference is invalid; <see cref="Index"/> is the 0-based UTF-16 index in the original text where it goes wrong.</summary>
internal sealed record ImageReferenceError(string Message, int Index)
{
    public override string ToString() => $"{Message} (at index {Index})";
}

internal sealed class ImageReferenceParseResult
{
    private ImageReferenceParseResult(ImageReference? reference, ImageReferenceError? error)
    {
        Reference = reference;
        Error = error;
    }

    public ImageReference? Reference { get; }

    public ImageReferenceError? Error { get; }

    [MemberNotNullWhen(true, nameof(Reference))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool Success => Reference is not null;

    internal static ImageReferenceParseResult Ok(ImageReference reference) => new(reference, null);

    internal static ImageReferenceParseResult Fail(ImageReferenceError error) => new(null, error);

    public override string ToString() => Success ? Reference.ToString() : Error.ToString();
}
