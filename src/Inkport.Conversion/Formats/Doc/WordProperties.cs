using System.Buffers.Binary;

namespace Inkport.Conversion.Formats.Doc;

/// <summary>The paragraph properties the converter uses, built by applying grpprls in order
/// (style chain, then the paragraph's own PAPX, then the piece's modifier).</summary>
internal struct ParagraphProperties
{
    /// <summary>Deeper table nesting than this is read as this depth: bounds recursion on hostile input.</summary>
    public const int MaxTableDepth = 16;
    public const int NoOutline = 9;

    public int Istd;
    public byte Justification;
    public bool InTable;
    public bool IsRowEnd;
    public int Itap;
    public bool IsInnerCellEnd;
    public bool IsInnerRowEnd;
    public int Ilfo;
    public int Ilvl;
    public int OutlineLevel;
    public bool IsHeaderRow;
    /// <summary>The sprmTDefTable operand of a row end (cell edges and merge flags), when present.</summary>
    public byte[]? TableDefinition;

    public static ParagraphProperties Default => new() { OutlineLevel = NoOutline };

    public readonly int TableDepth => Math.Clamp(Itap > 0 ? Itap : InTable ? 1 : 0, 0, MaxTableDepth);

    /// <summary>Applies a grpprl. <paramref name="hugePapx"/> resolves sprmPHugePapx (properties kept
    /// in the Data stream); it is not followed from inside the data it returns.</summary>
    public void Apply(ReadOnlySpan<byte> grpprl, Func<uint, byte[]?>? hugePapx = null)
    {
        var reader = new SprmReader(grpprl);
        while (reader.Next())
        {
            var operand = reader.Operand;
            switch (reader.Sprm)
            {
                case Sprm.PIstd: Istd = BinaryPrimitives.ReadUInt16LittleEndian(operand); break;
                case Sprm.PJc80 or Sprm.PJc: Justification = operand[0]; break;
                case Sprm.PFInTable: InTable = operand[0] != 0; break;
                case Sprm.PFTtp: IsRowEnd = operand[0] != 0; break;
                case Sprm.PItap: Itap = ClampDepth(BinaryPrimitives.ReadInt32LittleEndian(operand)); break;
                case Sprm.PDtap: Itap = ClampDepth((long)Itap + BinaryPrimitives.ReadInt32LittleEndian(operand)); break;
                case Sprm.PFInnerTableCell: IsInnerCellEnd = operand[0] != 0; break;
                case Sprm.PFInnerTtp: IsInnerRowEnd = operand[0] != 0; break;
                case Sprm.PIlvl: Ilvl = Math.Min((int)operand[0], 8); break;
                case Sprm.PIlfo: Ilfo = BinaryPrimitives.ReadInt16LittleEndian(operand); break;
                case Sprm.POutLvl: OutlineLevel = operand[0]; break;
                case Sprm.TDefTable: TableDefinition = operand.ToArray(); break;
                case Sprm.TTableHeader: IsHeaderRow = operand[0] != 0; break;
                case Sprm.PHugePapx when hugePapx is not null:
                    if (hugePapx(BinaryPrimitives.ReadUInt32LittleEndian(operand)) is { } huge) Apply(huge);
                    break;
            }
        }
    }

    private static int ClampDepth(long depth) => (int)Math.Clamp(depth, 0, MaxTableDepth);
}

/// <summary>The character properties the converter uses.</summary>
internal struct CharacterProperties
{
    public bool Bold;
    public bool Italic;
    public bool Strike;
    public bool Underline;
    public bool Hidden;
    public bool Deleted;
    public bool Special;
    public bool Ole2;
    public bool Data;
    public int PictureLocation;
    public int CharacterStyle;

    /// <summary>Applies a grpprl. Toggle operands 0x80 and 0x81 mean "as in" and "the opposite of"
    /// <paramref name="basis"/>, the properties of the style underneath.</summary>
    public void Apply(ReadOnlySpan<byte> grpprl, in CharacterProperties basis)
    {
        var reader = new SprmReader(grpprl);
        while (reader.Next())
        {
            var operand = reader.Operand;
            switch (reader.Sprm)
            {
                case Sprm.CFBold: Bold = Toggle(operand[0], basis.Bold); break;
                case Sprm.CFItalic: Italic = Toggle(operand[0], basis.Italic); break;
                case Sprm.CFStrike: Strike = Toggle(operand[0], basis.Strike); break;
                case Sprm.CFDStrike: Strike = operand[0] != 0; break;
                case Sprm.CFVanish: Hidden = Toggle(operand[0], basis.Hidden); break;
                case Sprm.CKul: Underline = operand[0] != 0; break;
                case Sprm.CFRMarkDel: Deleted = operand[0] != 0; break;
                case Sprm.CFSpec: Special = operand[0] != 0; break;
                case Sprm.CFOle2: Ole2 = operand[0] != 0; break;
                case Sprm.CFData: Data = operand[0] != 0; break;
                case Sprm.CPicLocation: PictureLocation = BinaryPrimitives.ReadInt32LittleEndian(operand); break;
                case Sprm.CIstd: CharacterStyle = BinaryPrimitives.ReadUInt16LittleEndian(operand); break;
            }
        }
    }

    private static bool Toggle(byte operand, bool basis) => operand switch
    {
        0 => false,
        1 => true,
        0x80 => basis,
        0x81 => !basis,
        _ => basis,
    };
}
