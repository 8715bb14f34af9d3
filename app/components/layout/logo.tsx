export function Logo({ className }: { className?: string }) {
  return (
    <svg viewBox="0 0 32 32" className={className} aria-hidden="true">
      <rect width="32" height="32" rx="7" fill="#ffffff" fillOpacity="0.15" />
      <path
        d="M9 16a7 7 0 0 1 12-4.9M23 16a7 7 0 0 1-12 4.9"
        stroke="currentColor"
        strokeWidth="3"
        fill="none"
        strokeLinecap="round"
      />
    </svg>
  )
}
