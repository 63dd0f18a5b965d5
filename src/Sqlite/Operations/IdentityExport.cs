using System.Text.Json;
using System.Text.Json.Serialization;
using ChatHub.Conversation.Identity;
using Microsoft.Data.Sqlite;

namespace ChatHub.Sqlite.Operations;

/// <summary>
/// The people of a hub and their linked accounts, as a file (<c>chathub export</c> / <c>chathub import</c>): the way
/// to move them from the embedded file to Redis. JSON: <c>{"format":"chathub-identities","version":1,"users":[{"hubUserId":…,
/// "identities":[{"channel":…,"userId":…}]}]}</c>. Sessions, routes and transcripts are not moved: they are
/// short-lived and are learned again from the next message.
/// </summary>
public sealed record IdentityExport(
    [property: JsonPropertyName("format")] string Format,
    [property: JsonPropertyName("version")] int Version,
    [property: JsonPropertyName("users")] IReadOnlyList<ExportedUser> Users)
{
    public const string FormatName = "chathub-identities";
    public const int CurrentVersion = 1;

    /// <summary>
    /// Reads every hub user and its identities from the database file (read-only: the hub may be running and writing;
    /// the read sees one committed moment).
    /// </summary>
    public static IdentityExport Read(string databaseFile)
    {
        ArgumentException.ThrowIfNullOrEmpty(databaseFile);
        if (!File.Exists(databaseFile))
        {
            throw new FileNotFoundException($"There is no hub database at {databaseFile} (Storage:Path).", databaseFile);
        }

        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = databaseFile, Mode = SqliteOpenMode.ReadOnly, Pooling = false,
        }.ToString());
        connection.Open();
        using (var busy = connection.CreateCommand())
        {
            busy.CommandText = "PRAGMA busy_timeout = 5000";
            busy.ExecuteNonQuery();
        }

        using var command = connection.CreateCommand();
        command.CommandText = "SELECT hub_user, channel, user_id FROM identities ORDER BY hub_user, channel, user_id";
        using var reader = command.ExecuteReader();
        var users = new List<(string HubUser, List<ExportedIdentity> Identities)>();
        while (reader.Read())
        {
            var hubUser = reader.GetString(0);
            if (users.Count == 0 || users[^1].HubUser != hubUser)
            {
                users.Add((hubUser, new List<ExportedIdentity>()));
            }

            users[^1].Identities.Add(new ExportedIdentity(reader.GetString(1), reader.GetString(2)));
        }

        return new IdentityExport(FormatName, CurrentVersion, [.. users.Select(u => new ExportedUser(u.HubUser, u.Identities))]);
    }

    public void WriteTo(Stream stream) => JsonSerializer.Serialize(stream, this, IdentityExportJsonContext.Default.IdentityExport);

    /// <summary>Reads an export; throws <see cref="InvalidDataException"/> when the file is not one.</summary>
    public static IdentityExport ReadFrom(Stream stream)
    {
        IdentityExport? export;
        try
        {
            export = JsonSerializer.Deserialize(stream, IdentityExportJsonContext.Default.IdentityExport);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"Not an identity export: {ex.Message}", ex);
        }

        if (export is not { Format: FormatName, Version: CurrentVersion, Users: not null })
        {
            throw new InvalidDataException($"Not an identity export (expected format '{FormatName}', version {CurrentVersion}).");
        }

        return export;
    }

    /// <summary>
    /// Writes the export into <paramref name="identities"/> (any backend): per user, its first identity is resolved and
    /// the others merged into that hub user. Hub user ids are the target's own (new ones for unknown identities); an
    /// identity the target already knows brings its hub user along (the two are merged). Returns the identities written.
    /// </summary>
    public async Task<int> ImportIntoAsync(IIdentityMap identities, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(identities);
        var written = 0;
        foreach (var user in Users)
        {
            if (user.Identities is not { Count: > 0 })
            {
                continue;
            }

            var target = await identities.ResolveAsync(user.Identities[0].ToIdentity(), cancellationToken);
            written++;
            foreach (var identity in user.Identities.Skip(1))
            {
                var owner = await identities.ResolveAsync(identity.ToIdentity(), cancellationToken);
                if (owner != target)
                {
                    await identities.MergeAsync(owner, target, cancellationToken);
                }

                written++;
            }
        }

        return written;
    }
}

public sealed record ExportedUser(
    [property: JsonPropertyName("hubUserId")] string HubUserId,
    [property: JsonPropertyName("identities")] IReadOnlyList<ExportedIdentity> Identities);

public sealed record ExportedIdentity(
    [property: JsonPropertyName("channel")] string Channel,
    [property: JsonPropertyName("userId")] string UserId)
{
    public PlatformIdentity ToIdentity() => new(Channel, UserId);
}

[JsonSourceGenerationOptions(WriteIndented = true)]
[JsonSerializable(typeof(IdentityExport))]
internal sealed partial class IdentityExportJsonContext : JsonSerializerContext;
