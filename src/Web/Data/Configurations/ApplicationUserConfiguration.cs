using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using XpFlywheel.Web.Account;

namespace XpFlywheel.Web.Data.Configurations;

internal sealed class ApplicationUserConfiguration : IEntityTypeConfiguration<ApplicationUser>
{
    public void Configure(EntityTypeBuilder<ApplicationUser> builder)
    {
        builder.Property(u => u.DisplayName).HasMaxLength(OperatorNames.MaxLength);
        // Upper case can lengthen a string (ß → SS), so the key has room for twice the name.
        builder.Property(u => u.DisplayNameKey).HasMaxLength(OperatorNames.MaxLength * 2);
        // Both providers let any number of rows hold null under a unique index: only chosen names are unique.
        builder.HasIndex(u => u.DisplayNameKey).IsUnique();
    }
}
