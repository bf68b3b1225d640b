using Inkport.Conversion.Model;

namespace Inkport.Conversion.Formats.Doc;

/// <summary>What both Word readers (the binary .doc and the Word 2003 XML one) produce before blocks
/// are built: paragraphs in document order and tables of cells holding more of the same.</summary>
internal abstract record WordItem;

/// <summary>One paragraph. <paramref name="HeadingLevel"/> is 1–9 or 0; <paramref name="Align"/> is
/// Feishu's (2 centre, 3 right) or null; <paramref name="Images"/> are media indexes of pictures
/// anchored in the paragraph, emitted as image blocks after its text.</summary>
internal sealed record WordParagraph(
    List<TextElement> Elements,
    int HeadingLevel,
    WordListMark? List,
    int? Align,
    List<WordImage>? Images = null) : WordItem;

/// <summary>List membership: the list's identity (numbering restarts per list), level 0–8, and
/// whether the level is numbered (else bulleted).</summary>
internal sealed record WordListMark(int ListKey, int Level, bool Ordered, int StartAt);

internal sealed record WordImage(int MediaIndex, int Width, int Height);

internal sealed record WordTable(List<WordRow> Rows) : WordItem;

internal sealed record WordRow(List<WordCell> Cells, bool IsHeader);

/// <summary>A cell with its left and right edges in twips (null when the row has no geometry),
/// and its vertical merge state.</summary>
internal sealed record WordCell(List<WordItem> Content, int? Left, int? Right, WordVerticalMerge VerticalMerge);

internal enum WordVerticalMerge { None, Restart, Continue }
