"""referrals."""
