using Inkport.Conversion.Model;

namespace Inkport.Conversion.Formats.Text;

/// <summary>Plain text into a block document: one text block per blank-line separated paragraph.</summary>
public sealed class TextConverter : IDocxConverter
{
    public DocxConversion Convert(Stream source, ConversionOptions options) => throw new NotImplementedException();
}
