using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using XpFlywheel.Web.Data.Entities;

namespace XpFlywheel.Web.Data.Configurations;

internal sealed class JournalEntryConfiguration : IEntityTypeConfiguration<JournalEntry>
{
    public void Configure(EntityTypeBuilder<JournalEntry> builder)
    {
        builder.ToTable("Journal");
        builder.HasKey(j => j.Sequence);
        builder.Property(j => j.Sequence).ValueGeneratedNever();
        builder.Property(j => j.Type).HasMaxLength(64);
        builder.Property(j => j.Actor).HasMaxLength(300);
        builder.Property(j => j.IdempotencyKey).HasMaxLength(64);
    }
}

internal sealed class IdempotencyEntryConfiguration : IEntityTypeConfiguration<IdempotencyEntry>
{
    public void Configure(EntityTypeBuilder<IdempotencyEntry> builder)
    {
        builder.ToTable("IdempotencyKeys");
        builder.HasKey(i => new { i.Scope, i.Key });
        builder.Property(i => i.Scope).HasMaxLength(300);
        builder.Property(i => i.Key).HasMaxLength(64);
        builder.HasIndex(i => i.ExpiresAt);
    }
}

internal sealed class WriterFenceConfiguration : IEntityTypeConfiguration<WriterFenceRecord>
{
    public void Configure(EntityTypeBuilder<WriterFenceRecord> builder)
    {
        builder.ToTable("WriterFence");
        builder.HasKey(f => f.Id);
        builder.Property(f => f.Id).ValueGeneratedNever();
        builder.HasData(new WriterFenceRecord { Id = WriterFenceRecord.SingleRowId, Token = 0 });
    }
}

internal sealed class InboxCommandConfiguration : IEntityTypeConfiguration<InboxCommand>
{
    public void Configure(EntityTypeBuilder<InboxCommand> builder)
    {
        builder.ToTable("CommandInbox");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.ErrorCode).HasMaxLength(64);
        builder.Property(c => c.ErrorMessage).HasMaxLength(InboxCommand.MaxErrorMessage);
        // The leader's look-up: what nobody answered yet.
        builder.HasIndex(c => c.Id).HasFilter("\"AnsweredAt\" IS NULL").HasDatabaseName("IX_CommandInbox_Unanswered");
        builder.HasIndex(c => c.CreatedAt);
    }
}
