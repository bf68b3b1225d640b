namespace Inkport.Core.Drive;

/// <summary>Collaborator permission levels, weakest first; the owner has full access.</summary>
public enum Permission { None = 0, View = 1, Edit = 2, FullAccess = 3 }

public static class Permissions
{
    public static string WireName(this Permission permission) => permission switch
    {
        Permission.View => "view",
        Permission.Edit => "edit",
        Permission.FullAccess => "full_access",
        _ => "none",
    };

    public static bool TryParse(string? wire, out Permission permission)
    {
        permission = wire switch { "view" => Permission.View, "edit" => Permission.Edit, "full_access" => Permission.FullAccess, _ => Permission.None };
        return permission != Permission.None;
    }
}
