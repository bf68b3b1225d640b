using System.Text;
using Inkport.Conversion.Formats.Shared;
using Inkport.Conversion.Model;

namespace Inkport.Conversion.Formats.Text;

/// <summary>Plain text into a block document: one text block per blank-line separated paragraph,
/// its lines joined with "\n" (a soft line break in Feishu). Read line by line; never fails on content.</summary>
public sealed class TextConverter : IDocxConverter
{
    public DocxConversion Convert(Stream source, ConversionOptions options)
    {
        var warnings = new Warnings();
        List<Block> blocks;
        using (var reader = TextDecoding.OpenReader(source, out _)) blocks = ReadParagraphs(reader, options, warnings);
        var document = DocxLimits.Apply(blocks, [], options, warnings);
        return new DocxConversion(document, warnings.Codes);
    }

    /// <summary>The paragraphs of decoded text, bounded by the block and paragraph limits while
    /// reading; also the fallback of other text formats for input their parser refuses.</summary>
    internal static List<Block> ReadParagraphs(TextReader reader, ConversionOptions options, Warnings warnings)
    {
        var limits = options.Limits;
        var blocks = new List<Block>();
        var paragraph = new StringBuilder();
        var paragraphTooLong = false;

        // ReadLine ends a line at LF, CR or CRLF: that is the CRLF/CR normalisation.
        while (reader.ReadLine() is { } line)
        {
            options.Cancellation.ThrowIfCancellationRequested();
            if (string.IsNullOrWhiteSpace(line))
            {
                EndParagraph();
                continue;
            }
            if (blocks.Count >= limits.MaxBlocks)
            {
                // More content than blocks allowed: nothing after this point can be kept.
                warnings.Add(ExtraCodes.DocxTooManyBlocks);
                break;
            }
            if (paragraph.Length > 0) AppendBounded("\n");
            AppendBounded(line);
        }
        EndParagraph();
        return blocks;

        void AppendBounded(string text)
        {
            var room = limits.MaxParagraphChars - paragraph.Length;
            if (text.Length <= room) { paragraph.Append(text); return; }
            paragraphTooLong = true;
            if (room > 0 && char.IsHighSurrogate(text[room - 1])) room--;
            if (room > 0) paragraph.Append(text, 0, room);
        }

        void EndParagraph()
        {
            if (paragraph.Length == 0) return;
            if (paragraphTooLong) warnings.Add(ExtraCodes.DocxParagraphTooLong);
            blocks.Add(Block.Paragraph(TextElement.Run(paragraph.ToString())));
            paragraph.Clear();
            paragraphTooLong = false;
        }
    }
}
