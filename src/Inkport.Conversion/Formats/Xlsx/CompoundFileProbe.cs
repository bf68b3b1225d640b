using System.Buffers.Binary;
using System.Text;

namespace Inkport.Conversion.Formats.Xlsx;

/// <summary>Recognises an OLE compound file (MS-CFB) where an xlsx was expected. Office stores a
/// password-protected OOXML file that way (MS-OFFCRYPTO: streams <c>EncryptionInfo</c> and
/// <c>EncryptedPackage</c>); anything else in a compound file is not an xlsx (most often an .xls
/// with the wrong extension). Reads only the header, the directory chain and the FAT sectors it
/// needs, with every sector number and the chain length checked.</summary>
internal static class CompoundFileProbe
{
    private static ReadOnlySpan<byte> Signature => [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

    private const uint EndOfChain = 0xFFFFFFFE;
    private const int MaxDirectorySectors = 4096;
    private const int HeaderDifatEntries = 109;

    public static bool IsCompoundFile(ReadOnlySpan<byte> head) => head.StartsWith(Signature);

    /// <summary>Whether the compound file's directory names an encrypted OOXML package.</summary>
    public static bool HoldsEncryptedPackage(Stream file)
    {
        var header = new byte[512];
        if (!ReadAt(file, 0, header)) return false;
        int shift = BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(0x1E));
        if (shift is not (9 or 12)) return false;
        var sectorSize = 1 << shift;
        var entriesPerFatSector = sectorSize / 4;
        var sector = BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(0x30));
        var buffer = new byte[sectorSize];
        var fat = new byte[sectorSize];
        for (var visited = 0; sector != EndOfChain && visited < MaxDirectorySectors; visited++)
        {
            if (!ReadAt(file, ((long)sector + 1) << shift, buffer)) return false;
            for (var entry = 0; entry + 128 <= sectorSize; entry += 128)
            {
                var nameBytes = Math.Min((int)BinaryPrimitives.ReadUInt16LittleEndian(buffer.AsSpan(entry + 0x40)), 64);
                var name = Encoding.Unicode.GetString(buffer, entry, Math.Max(nameBytes - 2, 0));
                if (name is "EncryptedPackage" or "EncryptionInfo") return true;
            }
            // The next directory sector, from the FAT sector that holds this one's entry (header DIFAT only).
            var fatIndex = (int)(sector / (uint)entriesPerFatSector);
            if (fatIndex >= HeaderDifatEntries) return false;
            var fatSector = BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(0x4C + fatIndex * 4));
            if (!ReadAt(file, ((long)fatSector + 1) << shift, fat)) return false;
            sector = BinaryPrimitives.ReadUInt32LittleEndian(fat.AsSpan((int)(sector % (uint)entriesPerFatSector) * 4));
        }
        return false;
    }

    private static bool ReadAt(Stream file, long offset, byte[] buffer)
    {
        if (offset < 0 || offset + buffer.Length > file.Length) return false;
        file.Position = offset;
        file.ReadExactly(buffer);
        return true;
    }
}
