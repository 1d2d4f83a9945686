using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace XpFlywheel.Web.Data.Configurations;

internal sealed class WalletConfiguration : IEntityTypeConfiguration<Wallet>
{
    public void Configure(EntityTypeBuilder<Wallet> builder)
    {
        builder.HasIndex(w => w.UserId).IsUnique();
        builder.Property(w => w.UserId).HasMaxLength(450);
        builder.HasOne(w => w.User).WithOne().HasForeignKey<Wallet>(w => w.UserId).OnDelete(DeleteBehavior.Restrict);
    }
}
