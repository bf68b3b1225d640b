using Inkport.Conversion.Model;

namespace Inkport.Conversion.Formats.Markdown;

/// <summary>CommonMark + GFM Markdown into a block document, through Markdig.</summary>
public sealed class MarkdownConverter : IDocxConverter
{
    public DocxConversion Convert(Stream source, ConversionOptions options) => throw new NotImplementedException();
}
