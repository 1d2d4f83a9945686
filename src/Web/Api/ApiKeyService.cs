using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using XpFlywheel.Core.Primitives;
using XpFlywheel.Web.Data;
using XpFlywheel.Web.Data.Entities;

namespace XpFlywheel.Web.Api;

/// <summary>
/// Per-operator API keys. A key is 32 random bytes shown once at creation; only its SHA-256 hash and a short
/// prefix (to recognise it in the list) are stored, so a database leak does not leak usable keys.
/// </summary>
public sealed class ApiKeyService(IDbContextFactory<AppDbContext> dbFactory, TimeProvider clock)
{
    public const string Prefix = "xpf_";
    public const int MaxKeysPerOperator = 20;
    public const int MaxName = 80;

    public sealed record CreatedKey(long Id, string Name, string Secret);

    public sealed record KeyInfo(long Id, string Name, string Prefix, DateTime CreatedAt, DateTime? LastUsedAt, DateTime? RevokedAt);

    public async Task<(CreatedKey? Key, string? Error)> CreateAsync(long operatorId, string? name, CancellationToken cancellationToken = default)
    {
        name = DisplayText.NormalizeName(name);
        if (name.Length is 0 or > MaxName)
            return (null, $"Give the key a name of 1 to {MaxName} characters.");
        if (DisplayText.NameProblem(name) is { } problem)
            return (null, $"The key name {problem}.");
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await db.ApiKeys.CountAsync(k => k.OperatorId == operatorId && k.RevokedAt == null, cancellationToken) >= MaxKeysPerOperator)
            return (null, $"You already have {MaxKeysPerOperator} active keys; revoke one first.");

        var secret = Prefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        var record = new ApiKeyRecord
        {
            OperatorId = operatorId,
            Name = name,
            Prefix = secret[..12],
            Hash = Hash(secret),
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        db.ApiKeys.Add(record);
        await db.SaveChangesAsync(cancellationToken);
        return (new CreatedKey(record.Id, name, secret), null);
    }

    public async Task<IReadOnlyList<KeyInfo>> ListAsync(long operatorId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.ApiKeys.AsNoTracking().Where(k => k.OperatorId == operatorId).OrderByDescending(k => k.Id)
            .Select(k => new KeyInfo(k.Id, k.Name, k.Prefix, k.CreatedAt, k.LastUsedAt, k.RevokedAt)).ToListAsync(cancellationToken);
    }

    public async Task<bool> RevokeAsync(long operatorId, long keyId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var key = await db.ApiKeys.SingleOrDefaultAsync(k => k.Id == keyId && k.OperatorId == operatorId, cancellationToken);
        if (key is null || key.RevokedAt is not null)
            return false;
        key.RevokedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    /// <summary>The operator a presented key belongs to, or null when it is unknown or revoked.</summary>
    public async Task<long?> AuthenticateAsync(string secret, CancellationToken cancellationToken = default)
    {
        if (!secret.StartsWith(Prefix, StringComparison.Ordinal) || secret.Length > 128)
            return null;
        var hash = Hash(secret);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var key = await db.ApiKeys.SingleOrDefaultAsync(k => k.Hash == hash && k.RevokedAt == null, cancellationToken);
        if (key is null)
            return null;
        var now = clock.GetUtcNow().UtcDateTime;
        // Touch at most once a minute: a busy bot must not turn every request into a write.
        if (key.LastUsedAt is null || now - key.LastUsedAt > TimeSpan.FromMinutes(1))
        {
            key.LastUsedAt = now;
            await db.SaveChangesAsync(cancellationToken);
        }
        return key.OperatorId;
    }

    private static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
}
